/**
 * A multi-fidelity run compares like with like: its frontier and hypervolume are over the
 * results of one rung (the highest reached), lower rungs' frontiers are kept apart, and
 * reports say which budget each point had. A run stored with the old mixed frontier stays
 * readable, and a resume recomputes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDocument } from '../../src/store/index.js';
import { runAll, runCli } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'spin-frontier-rung-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const SPACE = 'search-spaces/convmixer-fmnist.json'; // rungs: 3000 then 12000 images
const args = (trials: number) => ['search', SPACE, '--name', 'mf', '--runs-dir', root, '--trials', String(trials), '--trainer', 'synthetic', '--seed', '5', '--eta', '3'];
const read = () => JSON.parse(readFileSync(join(root, 'mf', 'run.json'), 'utf8')) as RunDocument;

interface JsonReport {
  frontier: string[];
  frontierRung: number | null;
  frontierBudget: string | null;
  rungFrontiers: { rung: number; budget: string; ids: string[] }[];
  trials: { id: string; rung: number; budget: string }[];
}

test('the frontier of a multi-fidelity run holds only results of the highest rung reached; lower rungs apart', async () => {
  const r = await runCli(args(12));
  assert.equal(r.code, 0, r.stderr);
  const doc = read();
  const rungOf = new Map(doc.trials.map((t) => [t.id, t.rung]));
  assert.equal(doc.frontierRung, 1, 'some trials were promoted to rung 1');
  assert.ok(doc.frontier.length > 0 && doc.frontier.every((id) => rungOf.get(id) === 1), `frontier ${doc.frontier.join(', ')}`);
  assert.ok(doc.trials.some((t) => t.rung === 0 && t.state === 'done' && !doc.frontier.includes(t.id)));
  const lower = doc.rungFrontiers!.find((f) => f.rung === 0)!;
  assert.ok(lower.ids.length > 0 && lower.ids.every((id) => rungOf.get(id) === 0));
  assert.deepEqual(doc.rungFrontiers!.find((f) => f.rung === 1)!.ids, doc.frontier);
  assert.equal(doc.hypervolume.history.at(-1)!.rung, 1);

  const [json, md, status] = await runAll([['report', join(root, 'mf'), '--format', 'json'], ['report', join(root, 'mf')], ['status', join(root, 'mf')]]);
  const report = JSON.parse(json!.stdout) as JsonReport;
  assert.equal(report.frontierRung, 1);
  assert.equal(report.frontierBudget, '1 epoch, 12000 images');
  assert.deepEqual(report.rungFrontiers.map((f) => [f.rung, f.budget]), [[0, '1 epoch, 3000 images']]);
  const rows = new Map(report.trials.map((t) => [t.id, t]));
  assert.ok(report.frontier.every((id) => rows.get(id)!.budget === '1 epoch, 12000 images'));
  assert.match(md!.stdout, /Every point was evaluated at rung 1 \(1 epoch, 12000 images\), the highest rung reached; the hypervolume is of this frontier\. Cheaper rungs have their own frontiers, listed apart below\./);
  assert.match(md!.stdout, /## Rung 0 frontier \(1 epoch, 3000 images; cheaper, not compared with the frontier above\)/);
  assert.match(md!.stdout, /\| Rung \| Budget \| Backend \|/);
  assert.match(status!.stdout, /frontier and hypervolume over rung 1 results only \(the highest rung reached\); lower rungs' own frontiers: rung 0: \d+/);
});

test('a run stored with the old mixed-rung frontier stays readable, and resuming it recomputes the frontier', async () => {
  const doc = read();
  // What older versions stored: each hash at its highest rung, on one frontier.
  const mixed = [...doc.frontier, ...doc.rungFrontiers!.find((f) => f.rung === 0)!.ids.slice(0, 1)];
  const old: Record<string, unknown> = { ...doc, frontier: mixed };
  delete old['frontierRung'];
  delete old['rungFrontiers'];
  (old['hypervolume'] as { history: { rung?: number }[] }).history.forEach((p) => delete p.rung);
  writeFileSync(join(root, 'mf', 'run.json'), JSON.stringify(old, null, 2));

  const [json, md, status] = await runAll([['report', join(root, 'mf'), '--format', 'json'], ['report', join(root, 'mf')], ['status', join(root, 'mf')]]);
  for (const r of [json, md, status]) assert.equal(r!.code, 0, r!.stderr);
  const report = JSON.parse(json!.stdout) as JsonReport;
  assert.equal(report.frontierRung, null);
  assert.deepEqual(report.rungFrontiers, []);
  assert.equal(report.frontier.length, mixed.length);
  assert.match(md!.stdout, /stored before frontiers were kept per budget: its frontier mixes rungs/);
  assert.match(status!.stdout, /frontier: stored before frontiers were kept per budget, it mixes rungs/);

  const resumed = await runCli([...args(14), '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const after = read();
  const rungOf = new Map(after.trials.map((t) => [t.id, t.rung]));
  assert.equal(after.frontierRung, 1);
  assert.ok(after.frontier.every((id) => rungOf.get(id) === 1));
});
