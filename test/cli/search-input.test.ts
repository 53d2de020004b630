import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

const SPACE = 'search-spaces/convmixer-fmnist.json';
const runs = tempDir('spin-input-');
const search = (...args: string[]) => runCli(['search', ...args, '--trainer', 'synthetic', '--runs-dir', runs]);

test('a missing space file is a clear error with exit code 2', async () => {
  const r = await search('nope/space.json');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope\/space\.json/);
});

test('a malformed space file is a clear error with exit code 2', async () => {
  const file = join(runs, 'bad.json');
  writeFileSync(file, '{"name": "x", ');
  const r = await search(file);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.json/);
});

test('an unknown strategy path is a clear error with exit code 2', async () => {
  const r = await search(SPACE, '--strategy', './missing-strategy.js');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--strategy \.\/missing-strategy\.js: no such file/);
});

test('a zero or negative budget, or zero trials, is a clear error with exit code 2', async () => {
  for (const [flag, value, message] of [
    ['--budget', 'epochs=0', /--budget epochs: got 0; use a positive number/],
    ['--budget', 'trainSubset=-5', /--budget trainSubset: got -5; use a positive number/],
    ['--budget', 'speed=3', /--budget: unknown field "speed"/],
    ['--trials', '0', /option --trials: got "0"; use a positive integer/],
    ['--workers', '-1', /option --workers: got "-1"/],
  ] as const) {
    const r = await search(SPACE, flag, value);
    assert.equal(r.code, 2, `${flag} ${value}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('each flag is checked where it enters: one line naming the flag, the value and the fix, exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['search', SPACE, '--runs-dir', runs, '--backend', 'gpu'], /^spin-nas: option '--backend <name>' argument 'gpu' is invalid\. Allowed choices are auto, tensorflow-gpu, tensorflow, wasm, cpu\.$/],
    [['search', SPACE, '--runs-dir', runs, '--trainer', 'remote'], /^spin-nas: option '--trainer <kind>' argument 'remote' is invalid\. Allowed choices are local, synthetic\.$/],
    [['search', SPACE, '--runs-dir', runs, '--eta', '1'], /^spin-nas: option --eta: got "1"; use an integer of at least 2$/],
    [['search', SPACE, '--runs-dir', runs, '--max-compute', '0'], /^spin-nas: option --max-compute: got "0"; use a positive number of training TFLOPs \(e\.g\. 5 or 0\.5\)$/],
    [['search', SPACE, '--runs-dir', runs, '--max-compute', 'lots'], /^spin-nas: option --max-compute: got "lots"; use a positive number of training TFLOPs/],
    [['search', SPACE, '--runs-dir', runs, '--trails', '3'], /^spin-nas: unknown option '--trails' \(Did you mean --trials\?\)$/],
    [['study', 'studies/spin-fmnist.json', '--runs-dir', runs, '--backend', 'gpu'], /^spin-nas: option '--backend <name>' argument 'gpu' is invalid\./],
    [['study', 'studies/spin-fmnist.json', '--runs-dir', runs, '--workers', '0'], /^spin-nas: option --workers: got "0"; use a positive integer$/],
    [['space', 'inspect', SPACE, '--samples', 'x'], /^spin-nas: option --samples: got "x"; use a positive integer$/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.match(r.stderr.trimEnd(), message);
    assert.equal(r.stdout, '');
  }
});

test('status on a folder without a run is a clear error with exit code 2', async () => {
  const r = await runCli(['status', join(runs, 'no-such-run')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such run folder/);
});

test('a small dry run prints the frontier table and status shows it', async () => {
  const r = await search(SPACE, '--trials', '4', '--name', 'dry');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /new run .*dry/);
  assert.match(r.stdout, /Pareto frontier \(\d+ trials\)/);
  const s = await runCli(['status', join(runs, 'dry')]);
  assert.equal(s.code, 0);
  assert.match(s.stdout, /trials: \d+ done, 0 failed, 0 running, 0 pending/);
  assert.match(s.stdout, /hypervolume 0\.\d{4}/);
  assert.match(s.stdout, /│ t0\d{3}-r\d/);
  assert.match(r.stdout, /compute: [\d.]+ TFLOP, [\d,]+ images, .* \d+ trainings/);
  assert.match(s.stdout, /compute: [\d.]+ TFLOP, [\d,]+ images/);
});

test('--max-compute stops a dry run at its budget and says so', async () => {
  const r = await search(SPACE, '--trials', '40', '--max-compute', '0.5', '--name', 'budgeted');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /stopped at the compute budget \(--max-compute 0\.5 TFLOP\): no new training started/);
  const s = await runCli(['status', join(runs, 'budgeted')]);
  assert.match(s.stdout, /budget \(--max-compute\) 0\.5 TFLOP: 1\d\d% spent/);
});

test('a search whose dataset is missing stops before training with how to get it, exit code 2', async () => {
  const empty = tempDir('spin-nodata-');
  const real = await runCli(['search', SPACE, '--runs-dir', runs, '--name', 'nodata', '--data-dir', empty]);
  assert.equal(real.code, 2);
  assert.match(real.stderr, /dataset fashion-mnist not found in .*spin-nodata-.*: missing train-images-idx3-ubyte.*apt-get install -y dataset-fashion-mnist.*--data-dir/);
  assert.doesNotMatch(real.stderr, /\n\s+at /);
  const cifar = await runCli(['search', 'search-spaces/convmixer-cifar10.json', '--runs-dir', runs, '--data-dir', empty]);
  assert.equal(cifar.code, 2);
  assert.match(cifar.stderr, /dataset cifar10 not found .*missing data_batch_1\.bin.*pass --data-dir/);
});
