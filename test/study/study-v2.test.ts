import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticExecutor } from '../../src/executor/synthetic.js';
import type { Executor } from '../../src/executor/contract.js';
import { rowsFromJsonl } from '../../src/study/data.js';
import { loadStudy } from '../../src/study/load.js';
import { runStudy } from '../../src/study/run.js';
import { planStudy } from '../../src/study/units.js';
import type { TrainRequest } from '../../src/train/types.js';
import { repoPath } from './helpers.js';

const studyFile = repoPath('studies/spin-fmnist-v2.json');

test('the second edition uses the pointwise-residual block and plans equal-compute controls on the doubled budget', () => {
  const { study, space } = loadStudy(studyFile);
  assert.equal(space.backbone.pointwiseResidual, true);
  assert.ok(study.seeds.length >= 3);
  assert.equal(study.margin, 0.5);
  assert.ok((space.budget.validationSize ?? 0) >= 10_000 && (study.budget.validationSize ?? 0) >= 10_000);
  const plan = planStudy(study, space);
  const control = plan.units.filter((u) => u.kind === 'equal-compute');
  assert.equal(control.length, study.seeds.length);
  const epochs = study.budget.epochs ?? space.budget.epochs;
  assert.ok(control.every((u) => u.budget.epochs === 2 * epochs && u.budget.trainSubset === study.budget.trainSubset));
  // Every fused point has its scratch twin and its unshared parent among the controls.
  const controls = new Set((plan.grids.get('equal-compute') ?? []).map((a) => JSON.stringify(a.varied['control'] ?? 'baseline')));
  assert.ok(controls.has('"scratch twin"') && controls.has('"baseline"'));
  const searches = plan.units.filter((u) => u.kind === 'search');
  assert.deepEqual([...new Set(searches.map((u) => u.strategy))].sort(), ['nsga2', 'random']);
  assert.ok(searches.every((u) => u.trials === 16));
  const fidelity = plan.units.find((u) => u.kind === 'fidelity');
  assert.equal(fidelity?.trials, new Set([...plan.grids.entries()].filter(([name]) => name !== 'equal-compute').flatMap(([, archs]) => archs.map((a) => a.hash))).size, 'the fidelity sample holds every grid architecture');
  assert.deepEqual(plan.units.filter((u) => u.kind === 'test').map((u) => [u.name, u.pick, u.evaluateTest]), [
    ['test-s0', 'scratch', true],
    ['test-fused-s0', 'fused', true],
  ]);
});

test('every study request draws its training subset with its unit seed; only test units ask for the test set', async (t) => {
  const runsDir = mkdtempSync(join(tmpdir(), 'spin-study2-'));
  t.after(() => rmSync(runsDir, { recursive: true, force: true }));
  const inner = new SyntheticExecutor({ delayMs: 0 });
  const seen: { trialId: string; subsetSeed: number | undefined; test: boolean; epochs: number }[] = [];
  const recording: Executor = {
    name: 'recording',
    capacity: Infinity,
    submit: (r: TrainRequest) => {
      seen.push({ trialId: r.trialId, subsetSeed: r.subsetSeed, test: r.evaluateTest === true, epochs: r.budget.epochs });
      return inner.submit(r);
    },
    close: () => inner.close(),
  };
  const run = await runStudy({ studyFile, runsDir, executor: recording });
  assert.equal(run.interrupted, false);
  const subsetSeeds = new Set(seen.map((s) => s.subsetSeed));
  assert.deepEqual([...subsetSeeds].sort((a, b) => (a ?? 0) - (b ?? 0)), [0, 1, 2, 1000]);
  const tests = seen.filter((s) => s.test);
  assert.ok(tests.length >= 2, `${tests.length} test trainings`);
  assert.ok(tests.every((s) => s.subsetSeed === 1000));
  // A fusion parent never looks at the test set, even inside a test unit.
  assert.ok(seen.every((s) => !(s.test && s.trialId.startsWith('parent-'))));
});

function spin(args: string[]) {
  return spawnSync(process.execPath, [repoPath('bin/spin-nas.js'), ...args], { cwd: repoPath(''), encoding: 'utf8', timeout: 120_000 });
}

test('the per-trial data alone rebuilds results.md, .json and .html byte for byte', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spin-study2-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'committed', 'spin-fmnist-v2.trials.jsonl');
  const first = spin(['study', 'studies/spin-fmnist-v2.json', '--trainer', 'synthetic', '--runs-dir', join(dir, 'runs'), '--data', data]);
  assert.equal(first.status, 0, first.stderr + first.stdout);
  assert.match(first.stdout, /study spin-fmnist-v2: complete/);
  const rebuilt = join(dir, 'rebuilt');
  // No runs folder at all: only the study file, its space and the data.
  const second = spin(['study', 'studies/spin-fmnist-v2.json', '--from-data', data, '--runs-dir', join(dir, 'nowhere'), '--results-dir', rebuilt]);
  assert.equal(second.status, 0, second.stderr + second.stdout);
  for (const name of ['results.md', 'results.json', 'results.html']) {
    assert.ok(readFileSync(join(dir, 'runs', 'spin-fmnist-v2', name)).equals(readFileSync(join(rebuilt, name))), `${name} differs`);
  }

  const rows = rowsFromJsonl(readFileSync(data, 'utf8'), data);
  const main = rows.find((r) => r.kind === 'grid' && r.role === 'trial' && !r.parentHash)!;
  const fused = rows.filter((r) => r.parentHash !== undefined);
  assert.ok(fused.length > 0);
  // A fused trial records its parent's images: own + parent = one equal-compute training.
  const control = rows.find((r) => r.kind === 'equal-compute')!;
  for (const f of fused.filter((r) => r.kind === 'grid')) assert.equal(f.imagesSeen + (f.parentImagesSeen ?? 0), control.imagesSeen);
  assert.equal(control.imagesSeen, 2 * main.imagesSeen);
  assert.ok(rows.every((r) => r.block === 'pointwise-residual'));
  const tested = rows.filter((r) => r.kind === 'test');
  assert.ok(tested.length > 0 && tested.every((r) => typeof r.testAccuracy === 'number'));
  assert.ok(rows.filter((r) => r.kind !== 'test').every((r) => r.testAccuracy === undefined), 'the test set is read by the test units only');

  const markdown = readFileSync(join(rebuilt, 'results.md'), 'utf8');
  assert.match(markdown, /## Headline\n\n\*\*Compression at equal total compute/);
  assert.match(markdown, /## Equal epochs/);
  assert.match(markdown, /## Equal total compute/);
  assert.match(markdown, /Holm-adjusted/);
  assert.match(markdown, /## Test set \(used once, at the end\)/);
  assert.match(markdown, /Hypervolume over seeds: \d\.\d{4} \[95% CI/);
  assert.match(markdown, /The sample holds the baseline: yes; fused models: (\d+) of \1; frontier members: (\d+) of \2/);
  assert.doesNotMatch(markdown, /not complete|wall time|\d{4}-\d\d-\d\dT/i);

  // "What held": every finding once, under the group of its verdict, with the paper's figure.
  const results = JSON.parse(readFileSync(join(rebuilt, 'results.json'), 'utf8')) as { findings: { topic: string; a: string; b: string; verdict: string; paper: string }[] };
  const summary = markdown.slice(markdown.indexOf('## What held, and what did not'), markdown.indexOf('## Findings'));
  assert.match(summary, /Best unshared baseline .*: at equal epochs, ConvMixer-\d+\/\d+ .* at equal total compute, ConvMixer-/);
  assert.match(summary, /Compute spent: \d+ trainings \(0 failed\), \d+\.\d\d trainer-hours, [\d,]+ training images/);
  assert.match(summary, /\*\*Compression at equal total compute\*\*: .*paper: 1\.9x compression/);
  const groups = [...summary.matchAll(/^### (.+): (\d+)$/gm)];
  assert.equal(groups.reduce((n, g) => n + Number(g[2]), 0), results.findings.length);
  for (const f of results.findings) {
    assert.ok(f.paper.length > 0, `${f.topic} has no paper figure`);
    const line = `**${f.topic}**: ${f.a} vs ${f.b}:`;
    assert.equal(summary.split(line).length - 1, 1, `${line} is listed once`);
    const group = groups.filter((g) => (g.index ?? 0) < summary.indexOf(line)).pop()?.[1] ?? '';
    const expected = f.verdict === 'held' ? 'Held' : f.verdict === 'reversed' ? 'Reversed' : f.verdict.startsWith('no difference') ? 'No difference' : f.verdict === 'inconclusive' ? 'Inconclusive' : 'Not measured';
    assert.ok(group.startsWith(expected), `${line} is under "${group}", its verdict is ${f.verdict}`);
  }
});

test('--from-data with a missing file exits 2 naming it', () => {
  const run = spin(['study', 'studies/spin-fmnist-v2.json', '--from-data', 'nope.jsonl']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /nope\.jsonl: .*cannot be read \(no such file\)/);
});

test('a study stopped inside its test unit resumes with the same picks and finishes complete', async (t) => {
  const runsDir = mkdtempSync(join(tmpdir(), 'spin-study2-resume-'));
  t.after(() => rmSync(runsDir, { recursive: true, force: true }));
  const executor = new SyntheticExecutor({ delayMs: 0, capacity: 1 });
  const controller = new AbortController();
  const first = await runStudy({
    studyFile,
    runsDir,
    executor,
    signal: controller.signal,
    onEvent: (unit, e) => {
      if (unit.kind === 'test' && e.type === 'finished') controller.abort();
    },
  });
  assert.equal(first.interrupted, true);
  const picked = [...first.docs.entries()].filter(([name]) => name.startsWith('test')).flatMap(([, d]) => d.trials.map((x) => x.hash));
  assert.ok(picked.length >= 1);
  const second = await runStudy({ studyFile, runsDir, executor });
  assert.equal(second.interrupted, false);
  const tests = [...second.docs.entries()].filter(([name]) => name.startsWith('test')).flatMap(([, d]) => d.trials);
  assert.ok(tests.every((x) => x.state === 'done'));
  assert.ok(picked.every((h) => tests.some((x) => x.hash === h)), 'the picks of the first process are kept');
  assert.equal(new Set(tests.map((x) => x.hash)).size, tests.length);
});
