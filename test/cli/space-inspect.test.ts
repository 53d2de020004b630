import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { costOf, toArchSpec } from '../../src/arch/index.js';
import { hashGenome, isValid, loadSpace } from '../../src/space/index.js';
import { repoRoot, runCli, runInProcess } from '../helpers.js';

const defaultSpace = 'search-spaces/convmixer-fmnist.json';

test('space inspect, exactly as the README writes it, prints the size and a table of samples', async () => {
  const r = await runCli(['space', 'inspect', defaultSpace]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^space convmixer-fmnist \(search-spaces\/convmixer-fmnist\.json\): convmixer on fashion-mnist/);
  assert.match(r.stdout, /size: 9,756 distinct valid architectures/);
  assert.match(r.stdout, /samples \(seed 1\):/);
  for (const column of ['hash', 'architecture', 'sharing plan', 'params', 'training params', 'FLOPs']) assert.ok(r.stdout.includes(column), column);
  assert.equal((r.stdout.match(/│ [0-9a-f]{12} │/g) ?? []).length, 5, 'five samples by default');
  assert.ok(!r.stdout.includes('\u001b['), 'no colour codes');
});

test('space inspect is reproducible from its seed and changes with it', async () => {
  const a = await runInProcess(['space', 'inspect', join(repoRoot, defaultSpace), '--samples', '3', '--seed', '7']);
  const b = await runInProcess(['space', 'inspect', join(repoRoot, defaultSpace), '--samples', '3', '--seed', '7']);
  const c = await runInProcess(['space', 'inspect', join(repoRoot, defaultSpace), '--samples', '3', '--seed', '8']);
  assert.equal(a?.code, 0);
  assert.equal(a?.stdout, b?.stdout);
  assert.notEqual(a?.stdout, c?.stdout);
});

test('space inspect --json gives the same data as the cost model and genome code', async () => {
  const r = await runInProcess(['space', 'inspect', join(repoRoot, 'search-spaces', 'vit-fmnist.json'), '--samples', '4', '--seed', '3', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const view = JSON.parse(r.stdout) as {
    name: string; seed: number; size: string; genes: unknown[];
    samples: { genome: number[]; hash: string; params: number; trainingParams: number; flops: number; plan: Record<string, string>; assignment: Record<string, number[]> }[];
  };
  const space = loadSpace(join(repoRoot, 'search-spaces', 'vit-fmnist.json'));
  assert.equal(view.name, 'vit-fmnist');
  assert.equal(view.seed, 3);
  assert.match(view.size, /^\d+$/);
  assert.equal(view.genes.length, 11);
  assert.equal(view.samples.length, 4);
  for (const s of view.samples) {
    assert.ok(isValid(space, s.genome));
    assert.equal(s.hash, hashGenome(space, s.genome));
    const cost = costOf(toArchSpec(space, s.genome));
    assert.deepEqual({ params: s.params, trainingParams: s.trainingParams, flops: s.flops }, cost);
    for (const letters of Object.values(s.plan)) assert.match(letters, /^[A-Z]+$/);
    assert.deepEqual(Object.keys(s.assignment).sort(), ['attention', 'mlp']);
  }
});

test('space inspect rejects bad --samples and --seed values with a usage message and exit code 2', async () => {
  const bin = await runCli(['space', 'inspect', defaultSpace, '--samples', '0']);
  const results = [bin];
  for (const [flag, value] of [['--samples', '-3'], ['--samples', 'many'], ['--samples', '2.5'], ['--seed', 'abc'], ['--seed', '-1']]) {
    results.push(await runInProcess(['space', 'inspect', join(repoRoot, defaultSpace), flag as string, value as string]));
  }
  for (const [i, flag] of ['--samples', '--samples', '--samples', '--samples', '--seed', '--seed'].entries()) {
    const r = results[i];
    assert.equal(r?.code, 2, r?.stderr);
    assert.match(r?.stderr ?? '', new RegExp(`option ${flag}: got .*; use (a positive|a non-negative) integer`));
    assert.doesNotMatch(r?.stderr ?? '', /\n\s+at /);
  }
});

test('space inspect on a malformed file exits 2 with the file and field', async () => {
  const r = await runInProcess(['space', 'inspect', join(repoRoot, 'test/fixtures/spaces/bad/unknown-mapping.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown-mapping\.json: field sharing\.mapping\[1\]/);
});
