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
  assert.match(markdown, /## scaling \(varies width\)/);
  assert.match(markdown, /\*\*Mapping\*\* \(paper: sequential beats strided\)/);
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

test('a missing study file exits 2 with a one-line message', async () => {
  const run = await runCli(['study', 'studies/nope.json']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /studies\/nope\.json: .*cannot be read \(no such file\)/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});
