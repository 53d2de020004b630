/**
 * A run scored by the synthetic trainer says so in every output: the search summary, status,
 * and the md, csv, json and html reports; a trained run says nothing of the kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SYNTHETIC_NOTE } from '../../src/store/index.js';
import { sampleSnapshot } from '../fixtures/runs/sample.js';
import { writeRunFolder } from '../fixtures/runs/write-run.js';
import { runAll, runCli } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'spin-synthetic-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

async function outputs(run: string): Promise<Record<string, string>> {
  const html = join(root, `${run.replace(/\W/g, '_')}.html`);
  const [status, md, csv, json, page] = await runAll([
    ['status', run],
    ['report', run, '--format', 'md'],
    ['report', run, '--format', 'csv'],
    ['report', run, '--format', 'json'],
    ['report', run, '--out', html],
  ]);
  for (const r of [status, md, csv, json, page]) assert.equal(r!.code, 0, r!.stderr);
  return { status: status!.stdout, md: md!.stdout, csv: csv!.stdout, json: json!.stdout, html: readFileSync(html, 'utf8') };
}

test('a --trainer synthetic run says so in the search summary, status, md, csv, json and html', async () => {
  const search = await runCli(['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'dry', '--runs-dir', root, '--trials', '3', '--trainer', 'synthetic']);
  assert.equal(search.code, 0, search.stderr);
  const lines = search.stdout.trim().split('\n');
  assert.equal(lines[1], SYNTHETIC_NOTE, 'said when the run opens');
  assert.equal(lines[lines.length - 1], SYNTHETIC_NOTE, 'said under the final frontier');
  assert.match(search.stdout, /acc \d+\.\d\d% \(invented\)/);

  const out = await outputs(join(root, 'dry'));
  assert.equal(out.status!.split('\n')[0], SYNTHETIC_NOTE);
  assert.ok(out.md!.includes(`> **${SYNTHETIC_NOTE}**`), out.md!.slice(0, 400));
  const rows = parse<Record<string, string>>(out.csv!, { columns: true });
  assert.ok(rows.length >= 3 && rows.filter((r) => r['state'] === 'done').every((r) => r['synthetic'] === 'true'), out.csv);
  const report = JSON.parse(out.json!) as { run: { synthetic: boolean }; trials: { state: string; synthetic: boolean }[] };
  assert.equal(report.run.synthetic, true);
  assert.ok(report.trials.filter((t) => t.state === 'done').every((t) => t.synthetic));
  assert.match(out.html!, /<p class="synthetic" id="synthetic-banner">SYNTHETIC RUN \(--trainer synthetic\): the accuracies are invented/);
});

test('a trained run carries no synthetic mark', async () => {
  const snapshot = sampleSnapshot();
  snapshot.config = { ...snapshot.config, trainer: 'local' };
  const run = await writeRunFolder(join(root, 'trained'), snapshot);
  const out = await outputs(run);
  for (const [name, text] of Object.entries(out)) assert.ok(!text.includes('SYNTHETIC RUN'), name);
  assert.equal((JSON.parse(out.json!) as { run: { synthetic: boolean } }).run.synthetic, false);
  assert.ok(parse<Record<string, string>>(out.csv!, { columns: true }).every((r) => r['synthetic'] === 'false'));
});
