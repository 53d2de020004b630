/**
 * The third edition end to end on its reduced CI study (synthetic trainer): the run writes
 * its per-trial data, `--from-data` rebuilds results.md, .json and .html from it byte for
 * byte, and results.json carries the pre-registered machine-readable fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsFromJsonl } from '../../src/study/data.js';
import { cumulativeCompute } from '../../src/study/search-compute.js';
import { curveLineData, gridPlotData, searchPlotData, studySpec } from '../../src/study/html.js';
import type { AnalysisV3, StudyResults } from '../../src/study/result-types.js';
import { repoPath } from './helpers.js';

function spin(args: string[]) {
  return spawnSync(process.execPath, [repoPath('bin/spin-nas.js'), ...args], { cwd: repoPath(''), encoding: 'utf8', timeout: 120_000 });
}

test('the reduced third-edition study runs, and its per-trial data alone rebuilds the results byte for byte', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spin-study3-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'committed', 'spin-fmnist-v3-ci.trials.jsonl');
  const first = spin(['study', 'studies/spin-fmnist-v3-ci.json', '--trainer', 'synthetic', '--runs-dir', join(dir, 'runs'), '--data', data]);
  assert.equal(first.status, 0, first.stderr + first.stdout);
  assert.match(first.stdout, /study spin-fmnist-v3-ci: complete/);
  // Its searches stop at a compute budget: the trial total is a bound.
  assert.match(first.stdout, /\| study \d+ of at most \d+ trials, /);
  const rebuilt = join(dir, 'rebuilt');
  const second = spin(['study', 'studies/spin-fmnist-v3-ci.json', '--from-data', data, '--runs-dir', join(dir, 'nowhere'), '--results-dir', rebuilt]);
  assert.equal(second.status, 0, second.stderr + second.stdout);
  for (const name of ['results.md', 'results.json', 'results.html']) {
    assert.ok(readFileSync(join(dir, 'runs', 'spin-fmnist-v3-ci', name)).equals(readFileSync(join(rebuilt, name))), `${name} differs`);
  }

  const results = JSON.parse(readFileSync(join(rebuilt, 'results.json'), 'utf8')) as { v3: AnalysisV3; findings: { verdict: string; equivalenceP: unknown }[]; compression: unknown[] };
  const v3 = results.v3;
  assert.equal(v3.analysis, 3);
  // Primary compression: point and interval, for the smallest shared scratch model of the design.
  const h = v3.primary.headline!;
  const smallest = v3.arms.filter((a) => a.budget === 'study' && a.shared && !a.fused).sort((a, b) => a.params - b.params)[0]!;
  assert.equal(h.label, smallest.label);
  assert.ok(typeof h.point === 'number' && 'low' in h && 'high' in h && h.resamples === 2000);
  // Seeds per arm: every arm of both budgets, 3 seeds each.
  assert.ok(Object.keys(v3.seedsPerArm).length === v3.arms.length && v3.arms.length >= 10);
  assert.ok(Object.values(v3.seedsPerArm).every((n) => n === 3));
  // The confirmatory family: 4 shared models above the curve, then fusion, mapping, components; Holm over exactly these.
  assert.deepEqual(v3.confirmatory.map((c) => c.id), ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7']);
  assert.deepEqual(v3.confirmatory.map((c) => c.sided), [1, 1, 1, 1, 2, 2, 2]);
  const sorted = [...v3.confirmatory].sort((a, b) => a.p - b.p);
  sorted.forEach((c, rank) => assert.ok(c.adjustedP >= Math.min(1, (v3.confirmatory.length - rank) * c.p) - 1e-12, `${c.id}: Holm at rank ${rank}`));
  assert.match(v3.confirmatory[4]!.hypothesis, /fusion beats scratch at equal total compute/);
  // Convergence gaps: every model of the convergence arm, both budgets measured.
  assert.ok(v3.convergence.gaps.length >= 4 && v3.convergence.gaps.every((g) => g.seeds[0] === 3 && g.seeds[1] === 3 && g.low <= g.gap && g.gap <= g.high));
  // Validation and test side by side, per arm; the convergence arm read the test set too.
  assert.ok(v3.arms.every((a) => a.testSeeds === 3 && a.test !== null));
  // The old family is gone: no headline compression of analysis 2, findings exploratory only, no equivalence test.
  assert.deepEqual(results.compression, []);
  assert.ok(results.findings.every((f) => f.verdict.startsWith('exploratory') && f.equivalenceP === null));
  // Search at equal compute: both strategies cut at one cap every run reached.
  const s = v3.search!;
  assert.ok(s.arms.every((a) => a.seeds.length === 3 && a.seeds.every((x) => x.compute >= s.cap && x.trialsWithin <= x.trials)));
  assert.ok(s.arms.some((a) => a.seeds.some((x) => x.compute === s.cap)));
  assert.deepEqual(s.arms.map((a) => a.strategy), ['nsga2', 'random', 'motpe']);
  assert.deepEqual(s.differences.map((d) => `${d.a} - ${d.b}`), ['search-nsga2 - search-random', 'search-motpe - search-random']);
  assert.ok(s.differences.every((d) => d.low <= d.estimate && d.estimate <= d.high));
  // Each run stopped at the study's maxCompute (0.015 TFLOP), long before its 16-trial bound.
  assert.ok(s.arms.every((a) => a.seeds.every((x) => x.compute >= 0.015e12 && x.trials < 16)), JSON.stringify(s.arms.map((a) => a.seeds)));

  // The plot: the fitted family curve across the family's range, each measurement drawn once.
  const asResults = results as unknown as StudyResults;
  const line = curveLineData(asResults);
  const curve = v3.curve!;
  assert.equal(line.length, 60);
  assert.ok(Math.abs(Math.log(line[0]!.params) - curve.low) < 1e-9 && Math.abs(Math.log(line[59]!.params) - curve.high) < 1e-9);
  for (const p of curve.points.filter((q) => Math.log(q.params) === curve.low || Math.log(q.params) === curve.high)) {
    const at = line.find((l) => Math.abs(l.params - p.params) < 1e-6 * p.params)!;
    assert.ok(Math.abs(at.accuracy - p.fitted) < 1e-9, `${p.label}: the line passes through the fitted value`);
  }
  const measurements = gridPlotData(asResults).map((d) => `${String(d['label'])}|${String(d['accuracy'])}`);
  assert.equal(measurements.length, v3.arms.length, 'each grid measurement once');
  assert.equal(new Set(measurements).size, measurements.length);
  // Two panels: the arms with the curve, then the searches' frontiers coloured by search (their
  // proxy budget's accuracies would otherwise squash the arms' scale).
  const spec = studySpec(asResults) as { vconcat: { layer: unknown[]; data: { values: Record<string, unknown>[] } }[] };
  assert.equal(spec.vconcat.length, 2);
  assert.ok(JSON.stringify(spec.vconcat[0]!.layer[0]).includes('"strokeDash"'), 'the curve is drawn in the arms panel');
  assert.equal(spec.vconcat[0]!.data.values.length, v3.arms.length);
  const searches = spec.vconcat[1]!.data.values;
  assert.deepEqual(searches, searchPlotData(asResults));
  assert.deepEqual([...new Set(searches.map((d) => d['experiment']))], ['search-nsga2', 'search-random', 'search-motpe']);
  assert.ok(!JSON.stringify(spec.vconcat[1]).includes('strokeDash'), 'no curve over the searches');

  const markdown = readFileSync(join(rebuilt, 'results.md'), 'utf8');
  assert.match(markdown, /^# Study spin-fmnist-v3-ci\n/);
  assert.match(markdown, /Pre-registration: docs\/study-v3\.md/);
  assert.match(markdown, /\n- Departures from the pre-registration: none \(the study file's `departures` lists any\)\.\n/);
  assert.deepEqual(v3.departures, []);
  assert.ok(markdown.includes(`## Headline\n\n**${h.label} (`), 'the headline names the pre-registered model');
  assert.match(markdown, /## Headline\n\n\*\*.*95% interval/);
  assert.match(markdown, /## Confirmatory tests \(Holm over exactly these 7\)/);
  // The bootstrap's resamples outside the family's range, as results.json has them.
  const c0 = v3.primary.compression[0]!;
  assert.ok(markdown.includes(`| ${(c0.beyond * 100).toFixed(1)}% / ${(c0.below * 100).toFixed(1)}% |`), 'resamples beyond / below range');
  assert.match(markdown, /## Exploratory \(outside the confirmatory family, no verdicts\)/);
  assert.doesNotMatch(markdown, /Mean test accuracy|not complete|wall time/i);
  // Exploratory: the fused model against the doubled budget's unshared ones, and the fusion test named by its id.
  const fusionId = v3.confirmatory.find((c) => c.hypothesis.startsWith('mean fusion'))!.id;
  assert.ok(markdown.includes(`not an equal-images comparison; ${fusionId} is the equal-total-compute one.`));
  const unsharedDoubled = v3.arms.filter((a) => a.budget === 'doubled' && !a.shared).length;
  assert.equal(v3.fusedVsDoubled.length, v3.arms.filter((a) => a.fused).length * unsharedDoubled);
  assert.ok(unsharedDoubled >= 2 && v3.fusedVsDoubled.every((d) => d.low <= d.difference && d.difference <= d.high));
  assert.match(markdown, /### Fused models against the unshared models of the doubled budget \(equal total images\)/);
  // Which backend trained what: every row says, and the compute line counts them (nothing was trained here).
  assert.ok(rowsFromJsonl(readFileSync(data, 'utf8'), data).every((r) => r.backend === 'synthetic'));
  assert.match(markdown, /- Compute: (\d+) trainings \(0 failed\), .* images seen; trained by synthetic \(\1\)\n/);

  // A fused trial's parent is charged once, at the first trial that needs it.
  const rows = rowsFromJsonl(readFileSync(data, 'utf8'), data);
  const fusedUnit = rows.find((r) => r.parentHash !== undefined)!.unit;
  const unitRows = rows.filter((r) => r.unit === fusedUnit);
  const parent = unitRows.find((r) => r.role === 'parent')!;
  const steps = cumulativeCompute(unitRows);
  const total = unitRows.reduce((n, r) => n + 3 * r.flops * r.imagesSeen, 0);
  assert.equal(steps[steps.length - 1]!.total, total);
  assert.ok(parent.flops * parent.imagesSeen > 0);

  // Departures recorded in the study file are listed under the pre-registration line.
  const withDepartures = join(dir, 'with-departures.json');
  const studyJson = JSON.parse(readFileSync(repoPath('studies/spin-fmnist-v3-ci.json'), 'utf8')) as { space: string };
  writeFileSync(withDepartures, JSON.stringify({ ...studyJson, space: repoPath(join('studies', studyJson.space)), departures: ['The convergence arm ran on 2 seeds.', 'No ViT arm.'] }));
  const departed = spin(['study', withDepartures, '--from-data', data, '--runs-dir', join(dir, 'nowhere'), '--results-dir', join(dir, 'departed')]);
  assert.equal(departed.status, 0, departed.stderr + departed.stdout);
  assert.match(readFileSync(join(dir, 'departed', 'results.md'), 'utf8'), /\n- Departures from the pre-registration \(the study file's `departures`\):\n {2}- The convergence arm ran on 2 seeds\.\n {2}- No ViT arm\.\n/);

  // Partial data (the run stopped after its first units): a results document still, marked
  // incomplete, every arm named by its architecture, measured or not (never by its hash).
  const lines = readFileSync(data, 'utf8').split('\n').filter((l) => l.length > 0);
  const partialData = join(dir, 'partial.trials.jsonl');
  const firstShared = lines.findIndex((l) => !(JSON.parse(l) as { unit: string }).unit.startsWith('family'));
  writeFileSync(partialData, lines.slice(0, firstShared + 1).join('\n') + '\n');
  const partial = spin(['study', 'studies/spin-fmnist-v3-ci.json', '--from-data', partialData, '--runs-dir', join(dir, 'nowhere'), '--results-dir', join(dir, 'partial')]);
  assert.equal(partial.status, 0, partial.stderr + partial.stdout);
  const partialMarkdown = readFileSync(join(dir, 'partial', 'results.md'), 'utf8');
  assert.match(partialMarkdown, /The study is not complete/);
  assert.match(partialMarkdown, /\| n\/a \|/, 'some comparison is still unmeasured');
  assert.doesNotMatch(partialMarkdown, /\| [0-9a-f]{12} \|/);

  // The run store is gone (a fresh machine) but the committed data is not: every finished unit
  // is taken from the data, nothing is trained again, and the data and results come out the same.
  const committedBytes = readFileSync(data);
  rmSync(join(dir, 'runs'), { recursive: true, force: true });
  const restored = spin(['study', 'studies/spin-fmnist-v3-ci.json', '--trainer', 'synthetic', '--runs-dir', join(dir, 'runs'), '--data', data]);
  assert.equal(restored.status, 0, restored.stderr + restored.stdout);
  const units = new Set(lines.map((l) => (JSON.parse(l) as { unit: string }).unit));
  assert.equal((restored.stdout.match(/taken from there, not trained again/g) ?? []).length, units.size);
  assert.doesNotMatch(restored.stdout, /^\[/m, 'nothing trained');
  assert.ok(readFileSync(data).equals(committedBytes), 'the data file is rewritten unchanged');
  for (const name of ['results.md', 'results.json', 'results.html']) assert.ok(readFileSync(join(dir, 'runs', 'spin-fmnist-v3-ci', name)).equals(readFileSync(join(rebuilt, name))), `${name} differs`);

  // Data cut inside a unit (after its first training; the study's last unit, a search, so that
  // little trains again): the units before it are taken from the data, that unit trains again
  // from its start, and no row of the others is lost.
  rmSync(join(dir, 'runs'), { recursive: true, force: true });
  const unitOf = (l: string): string => (JSON.parse(l) as { unit: string }).unit;
  const cutUnit = unitOf(lines[lines.length - 1]!);
  // Only the unit's first training is left of it.
  writeFileSync(data, lines.slice(0, lines.map(unitOf).indexOf(cutUnit) + 1).join('\n') + '\n');
  const resumed = spin(['study', 'studies/spin-fmnist-v3-ci.json', '--trainer', 'synthetic', '--runs-dir', join(dir, 'runs'), '--data', data]);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  const restoredUnits = new Set(lines.map(unitOf).filter((u) => u !== cutUnit));
  assert.equal((resumed.stdout.match(/taken from there, not trained again/g) ?? []).length, restoredUnits.size);
  assert.match(resumed.stdout, new RegExp(`^\\[${cutUnit} 1/`, 'm'), 'the cut unit trains again');
  const strip = (l: string): string => JSON.stringify({ ...(JSON.parse(l) as object), wallSeconds: 0 });
  const restoredRows = (list: string[]): string[] => list.filter((l) => restoredUnits.has(unitOf(l))).map(strip);
  const after = readFileSync(data, 'utf8').split('\n').filter((l) => l.length > 0);
  assert.deepEqual(restoredRows(after), restoredRows(lines));
  assert.ok(after.filter((l) => unitOf(l) === cutUnit).length > 0, 'the cut unit has its rows again');
  assert.match(resumed.stdout, /study spin-fmnist-v3-ci: complete/);

  // Rows of another study (a unit this plan lacks) are refused with the file, line and field; the file is kept.
  const foreign = JSON.stringify({ ...(JSON.parse(lines[0]!) as object), unit: 'scaling-s0' });
  writeFileSync(data, [foreign, ...lines.slice(1)].join('\n') + '\n');
  rmSync(join(dir, 'runs'), { recursive: true, force: true });
  const refused = spin(['study', 'studies/spin-fmnist-v3-ci.json', '--trainer', 'synthetic', '--runs-dir', join(dir, 'runs'), '--data', data]);
  assert.equal(refused.status, 2, refused.stderr + refused.stdout);
  assert.match(refused.stderr, /spin-fmnist-v3-ci\.trials\.jsonl: field line 1\.unit names no unit of this study .*got "scaling-s0"/);
  assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readFileSync(data, 'utf8').split('\n')[0], foreign);
});
