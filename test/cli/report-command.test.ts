import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Ajv } from 'ajv';
import { reportJsonSchema, type Report } from '../../src/report/index.js';
import { sampleSnapshot } from '../fixtures/runs/sample.js';
import { writeRunFolder } from '../fixtures/runs/write-run.js';
import { runCli } from '../helpers.js';

let root = '';
let run = '';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'spin-nas-report-cli-'));
  run = await writeRunFolder(join(root, 'runs', 'sample'), sampleSnapshot());
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('report prints Markdown by default for a run in progress with a failed trial', async () => {
  const { code, stdout, stderr } = await runCli(['report', run]);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  assert.match(stdout, /^# spin-nas report: sample/);
  assert.match(stdout, /Run in progress/);
  assert.match(stdout, /\| t0004-r0 \| failed \|/);
});

test('report --format json and csv write the same trials', async () => {
  const json = await runCli(['report', run, '--format', 'json']);
  assert.equal(json.code, 0);
  const report = JSON.parse(json.stdout) as Report;
  assert.equal(report.trials.length, 10);
  const csv = await runCli(['report', run, '--format', 'csv']);
  const rows = parse<Record<string, string>>(csv.stdout, { columns: true });
  assert.deepEqual(rows.map((r) => r['id']), report.trials.map((t) => t.id));
});

test('report --out writes the file, taking the format from its extension', async () => {
  const out = join(root, 'reports', 'sample.html');
  const { code, stdout } = await runCli(['report', run, '--out', out]);
  assert.equal(code, 0);
  assert.match(stdout, /wrote .*sample\.html \(html, 10 trials, 3 on the frontier\)/);
  const html = await readFile(out, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script[^>]+src=/, 'every script is inline');
  assert.doesNotMatch(html, /https?:\/\/(?!vega\.github\.io\/schema)[^"'\s]*\.(js|css)\b/, 'no remote script or style');
});

test('an unknown format is refused with exit code 2, naming the value and the choices', async () => {
  const { code, stderr } = await runCli(['report', run, '--format', 'pdf']);
  assert.equal(code, 2);
  assert.match(stderr, /unknown report format "pdf"; use one of md, csv, json, html/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('a path that does not exist is refused with exit code 2, naming the path', async () => {
  const missing = join(root, 'runs', 'nope');
  const { code, stderr } = await runCli(['report', missing]);
  assert.equal(code, 2);
  assert.ok(stderr.includes(`${missing}: no such run folder`), stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('a folder or file that is not a run is refused with exit code 2', async () => {
  const { code, stderr } = await runCli(['report', root]);
  assert.equal(code, 2);
  assert.match(stderr, /no run found \(run\.json is missing\)/);
  const file = join(root, 'notes.txt');
  await writeFile(file, 'hello');
  const asFile = await runCli(['report', file]);
  assert.equal(asFile.code, 2);
  assert.ok(asFile.stderr.includes(file), asFile.stderr);
  assert.doesNotMatch(asFile.stderr, /\n\s+at /);
});

test('report on a dry-run search decodes the sharing plans and compares shared variants with their fusion parents', async () => {
  const runs = join(root, 'dry');
  const search = await runCli(['search', 'search-spaces/convmixer-fmnist.json', '--name', 'dry', '--trials', '8', '--trainer', 'synthetic', '--runs-dir', runs, '--seed', '3']);
  assert.equal(search.code, 0, search.stderr);
  const { code, stdout, stderr } = await runCli(['report', join(runs, 'dry'), '--format', 'json']);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as Report;
  const validate = new Ajv({ allowUnionTypes: true }).compile(reportJsonSchema);
  assert.ok(validate(report), 'the report of a real run follows the JSON Schema');
  assert.ok(report.trials.length >= 8);
  assert.ok(report.frontier.length > 0);
  for (const row of report.trials) {
    assert.notEqual(row.parentHash, null, `${row.id} is decoded with the run's space`);
    if (row.shared) assert.match(row.sharing, /\((depthwise|pointwise) [A-Z]+/, `${row.id} shows its layer-to-set pattern`);
  }
  const variants = report.backbones.flatMap((b) => b.variants);
  const fromParents = variants.filter((v) => v.unsharedTrial.startsWith('parent-'));
  for (const v of variants) {
    assert.ok(v.compressionRatio > 1, `${v.trial}: sharing compresses (${v.compressionRatio})`);
    assert.ok(Math.abs(v.compressionRatio - v.unsharedParams / v.params) < 1e-12);
  }
  if (report.trials.some((t) => t.shared && t.init !== 'scratch' && t.state === 'done')) {
    assert.ok(fromParents.length > 0, 'fusion variants are compared with their trained parent');
  }
});
