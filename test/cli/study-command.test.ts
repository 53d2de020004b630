import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fashionMnistMissing, runCli, tempDir } from '../helpers.js';

test('the reduced SPIN study trains for real on Fashion-MNIST and writes its results', { skip: fashionMnistMissing() }, async () => {
  const runsDir = tempDir('spin-study-cli-');
  const run = await runCli(['study', 'studies/spin-fmnist-ci.json', '--runs-dir', runsDir, '--backend', 'wasm', '--workers', '2']);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /== unit 1\/\d+: scaling-s0 \(grid, 2 trials, seed 0\)/);
  assert.match(run.stdout, /study spin-fmnist-ci: complete; \d+ trainings, \d+\.\d\d trainer-hours/);
  const markdown = readFileSync(join(runsDir, 'spin-fmnist-ci', 'results.md'), 'utf8');
  assert.match(markdown, /## Experiment scaling \(varies width\)/);
  assert.match(markdown, /\| Mapping \| sequential beats strided \(paper/);
  assert.match(markdown, /Kendall tau/);
  const results = JSON.parse(readFileSync(join(runsDir, 'spin-fmnist-ci', 'results.json'), 'utf8')) as {
    complete: boolean;
    grids: { points: { accuracies: number[] }[] }[];
  };
  assert.equal(results.complete, true);
  // Real training: every accuracy is a real measurement, above chance on average.
  const accuracies = results.grids.flatMap((g) => g.points.flatMap((p) => p.accuracies));
  assert.ok(accuracies.length >= 14);
  assert.ok(accuracies.reduce((a, b) => a + b, 0) / accuracies.length > 0.2, `mean accuracies ${JSON.stringify(accuracies)}`);

  // Re-running the finished study trains nothing more and reports the same results.
  const again = await runCli(['study', 'studies/spin-fmnist-ci.json', '--runs-dir', runsDir, '--backend', 'wasm', '--workers', '2']);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /acc \d/);
});

test('the reduced second edition trains for real: per-seed subsets, equal compute, the test set once, data that rebuilds the results', { skip: fashionMnistMissing() }, async () => {
  const dir = tempDir('spin-study-v2-cli-');
  const data = join(dir, 'trials.jsonl');
  const run = await runCli(['study', 'studies/spin-fmnist-v2-ci.json', '--runs-dir', dir, '--backend', 'wasm', '--workers', '2', '--data', data]);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /study spin-fmnist-v2-ci: complete/);
  const rows = readFileSync(data, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; role: string; imagesSeen: number; parentImagesSeen?: number; testAccuracy?: number; valAccuracy: number });
  const tests = rows.filter((r) => r.kind === 'test' && r.role === 'trial');
  assert.ok(tests.length >= 1);
  for (const r of tests) assert.ok(typeof r.testAccuracy === 'number' && r.testAccuracy > 0 && r.testAccuracy < 1, JSON.stringify(r));
  assert.ok(rows.filter((r) => r.kind !== 'test').every((r) => r.testAccuracy === undefined));
  const fused = rows.find((r) => r.kind === 'grid' && r.parentImagesSeen !== undefined);
  const control = rows.find((r) => r.kind === 'equal-compute');
  assert.equal((fused?.imagesSeen ?? 0) + (fused?.parentImagesSeen ?? 0), control?.imagesSeen);
  const rebuilt = join(dir, 'rebuilt');
  const again = await runCli(['study', 'studies/spin-fmnist-v2-ci.json', '--from-data', data, '--results-dir', rebuilt]);
  assert.equal(again.code, 0, again.stderr);
  for (const name of ['results.md', 'results.json', 'results.html']) {
    assert.ok(readFileSync(join(dir, 'spin-fmnist-v2-ci', name)).equals(readFileSync(join(rebuilt, name))), `${name} differs`);
  }
});

test('a missing study file exits 2 with a one-line message', async () => {
  const run = await runCli(['study', 'studies/nope.json']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /studies\/nope\.json: .*cannot be read \(no such file\)/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});
