import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, renderReport, reportJsonSchema, REPORT_SCHEMA_VERSION, type Report } from '../../src/report/index.js';
import { FAILED_ERROR, sampleDecode, sampleSnapshot, startedSnapshot } from '../fixtures/runs/sample.js';

const options = { decode: sampleDecode };

test('the Markdown report has the summary, hypervolume, frontier, comparisons and every trial', () => {
  const md = renderReport(sampleSnapshot(), 'md', options);
  assert.match(md, /^# spin-nas report: sample$/m);
  assert.match(md, /Trials: 10 \(7 done, 1 running, 1 pending, 1 failed; 1 infeasible\)/);
  assert.match(md, /Run in progress/);
  assert.match(md, /Reference point: \(1\.1, 1\.1, 1\.1\)/);
  assert.match(md, /Normalisation: accuracy as error/);
  assert.match(md, /## Pareto frontier \(3 trials\)/);
  assert.match(md, /\| t0005-r0 \| ConvMixer-128\/8 k5 p2 \| pointwise shared r=2 sequential \(pointwise AABBCCDD\); from scratch \|/);
  // Backbone comparison: 150k / 85k = 1.76x, 87.2% - 88.0% = -0.80 pt.
  assert.match(md, /\| t0005-r0 \|[^\n]*\| 1\.76x \| 87\.20% \| -0\.80 pt \|/);
  assert.match(md, /\| t0003-r0 \| done \|[^\n]*infeasible/);
  assert.match(md, /86\.10%/, 'test accuracy is shown where a final evaluation ran');
  assert.match(md, /\| 1 \(3 epochs, 10000 images\) \| wasm \| – \| 1008 \|/);
});

test('Markdown table cells escape pipes and line breaks of user text', () => {
  const md = renderReport(sampleSnapshot(), 'md', options);
  const failedRow = md.split('\n').find((line) => line.startsWith('| t0004-r0 '));
  assert.ok(failedRow, 'the failed trial has one table row');
  assert.match(failedRow, /error: worker crashed: out of memory, "oom"<br>at layer 3 \\\| block/);
  const columns = failedRow.split(/(?<!\\)\|/).length;
  const header = md.split('\n').find((line) => line.startsWith('| Trial | State'))!;
  assert.equal(columns, header.split('|').length, 'the escaped pipe does not add a column');
});

test('the CSV report has one row per trial and survives commas, quotes and newlines', () => {
  const csv = renderReport(sampleSnapshot(), 'csv', options);
  const rows = parse<Record<string, string>>(csv, { columns: true });
  assert.equal(rows.length, 10);
  assert.deepEqual(Object.keys(rows[0]!), [...CSV_COLUMNS]);
  const failed = rows.find((r) => r['id'] === 't0004-r0')!;
  assert.equal(failed['error'], FAILED_ERROR);
  assert.equal(failed['state'], 'failed');
  assert.equal(failed['valAccuracy'], '');
  assert.equal(failed['sharing'], 'depthwise+pointwise shared r=4 strided (depthwise ABABABAB, pointwise ABABABAB); from scratch');
  assert.equal(failed['budget'], '1 epoch, 2000 images');
  assert.equal(rows.find((r) => r['id'] === 't0001-r0')!['label'], 'ConvMixer-64/8 k5 p2 · pointwise shared r=2 sequential');
  assert.equal(rows.find((r) => r['id'] === 't0005-r0')!['onFrontier'], 'true');
  assert.equal(rows.find((r) => r['id'] === 't0003-r0')!['infeasible'], 'true');
  assert.equal(rows.find((r) => r['id'] === 't0008-r1')!['testAccuracy'], '0.861');
  assert.match(csv, /"worker crashed: out of memory, ""oom""\nat layer 3 \| block"/);
});

test('the JSON report has a schema version and a stable shape with nulls for unknowns', () => {
  const report = JSON.parse(renderReport(sampleSnapshot(), 'json', options)) as Report;
  assert.equal(report.schemaVersion, REPORT_SCHEMA_VERSION);
  assert.deepEqual(Object.keys(report), ['schemaVersion', 'run', 'hypervolume', 'frontier', 'frontierRung', 'frontierBudget', 'rungFrontiers', 'trials', 'backbones', 'parents', 'compute']);
  const keys = Object.keys(report.trials[0]!).sort();
  for (const row of report.trials) assert.deepEqual(Object.keys(row).sort(), keys, `trial ${row.id} has every field`);
  assert.deepEqual([...keys].sort(), [...CSV_COLUMNS].sort(), 'CSV and JSON carry the same trial fields');
  assert.equal(report.trials[6]!.valAccuracy, null);
  assert.deepEqual(report.hypervolume.reference, [1.1, 1.1, 1.1]);
  assert.equal(report.hypervolume.history.length, 7);
});

test('every text format renders a run that has only pending trials', () => {
  for (const format of ['md', 'csv', 'json'] as const) {
    const text = renderReport(startedSnapshot(), format, options);
    assert.ok(text.includes('t0002-r0'), `${format} lists the pending trial`);
  }
  assert.match(renderReport(startedSnapshot(), 'md', options), /No finished feasible trial yet/);
});

test('the JSON report validates against its published JSON Schema', () => {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  const validate = ajv.compile(reportJsonSchema);
  for (const snapshot of [sampleSnapshot(), startedSnapshot()]) {
    const report = JSON.parse(renderReport(snapshot, 'json', options)) as unknown;
    assert.ok(validate(report), `${snapshot.name}: ${ajv.errorsText(validate.errors)}`);
  }
  const extra = { ...(JSON.parse(renderReport(sampleSnapshot(), 'json', options)) as Report), surprise: 1 };
  assert.equal(validate(extra), false, 'an unknown field breaks the contract');
});
