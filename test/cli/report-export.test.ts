import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel, countTrainable, loadModel, saveModel } from '../../src/train/index.js';
import { UsageError } from '../../src/errors.js';
import { findExportable } from '../../src/report/index.js';
import { loadRunSnapshot } from '../../src/store/index.js';
import type { RunSnapshot } from '../../src/store/types.js';
import { sampleDecode, sampleSnapshot, sampleSpace } from '../fixtures/runs/sample.js';
import { writeRunFolder } from '../fixtures/runs/write-run.js';
import { runCli } from '../helpers.js';

let root = '';
let run = '';
let input: tf.Tensor;
const expected = new Map<string, Float32Array>();
const trainingParams = new Map<string, number>();

/** Saves a freshly built model of a trial as its checkpoint (relative to the run folder). */
async function checkpoint(snapshot: RunSnapshot, id: string): Promise<void> {
  const trial = snapshot.trials.find((t) => t.id === id)!;
  const built = buildModel(sampleDecode(sampleSpace, trial.genome), { seed: trial.seed });
  await saveModel(built, join(run, 'checkpoints', id));
  trial.result!.checkpoint = `checkpoints/${id}`;
  expected.set(id, tf.tidy(() => (built.model.predict(input) as tf.Tensor).dataSync() as Float32Array));
  trainingParams.set(id, built.trainableParams);
  built.model.dispose();
}

before(async () => {
  await tf.setBackend('cpu');
  input = tf.tidy(() => tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3));
  root = await mkdtemp(join(tmpdir(), 'spin-nas-export-'));
  run = join(root, 'runs', 'sample');
  const snapshot = sampleSnapshot(run);
  await checkpoint(snapshot, 't0008-r1'); // unshared
  await checkpoint(snapshot, 't0009-r1'); // pointwise shared r=2, weight fusion (mean): saved while fused
  snapshot.trials.find((t) => t.id === 't0005-r0')!.result!.checkpoint = 'checkpoints/gone';
  snapshot.trials.find((t) => t.id === 't0001-r0')!.result!.checkpoint = 'checkpoints/t0008-r1'; // another trial's weights
  await writeRunFolder(run, snapshot);
});

after(async () => {
  input.dispose();
  await rm(root, { recursive: true, force: true });
});

async function exported(dir: string): Promise<tf.LayersModel> {
  assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin']);
  return loadModel(dir);
}

test('export writes a frontier trial as model.json + weights.bin that loads and computes the same outputs', async () => {
  const out = join(root, 'exported', 'unshared');
  const { code, stdout, stderr } = await runCli(['export', run, '--trial', 't0008-r1', '--out', out]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /exported t0008-r1 .*to .*model\.json \(\d+ bytes\), weights\.bin \(\d+ bytes\)/);
  const model = await exported(out);
  const outputs = tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync());
  const want = expected.get('t0008-r1')!;
  assert.equal(outputs.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(outputs[i]! - want[i]!) < 1e-5, `output ${i}`);
  model.dispose();
});

test('a fused weight-sharing model is exported with only its shared tensors', async () => {
  const out = join(root, 'exported', 'fused');
  const { code, stdout, stderr } = await runCli(['export', run, '--trial', 't0009-r1', '--out', out]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /fused weights reduced to the shared tensors/);
  const model = await exported(out);
  const params = countTrainable(model);
  assert.ok(params < trainingParams.get('t0009-r1')!, `${params} deployed < ${trainingParams.get('t0009-r1')} while fused`);
  assert.ok(!model.weights.some((w) => /_m\d+$/.test(w.originalName)), 'no unshared member tensor is left');
  const outputs = tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync());
  const want = expected.get('t0009-r1')!;
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(outputs[i]! - want[i]!) < 1e-4, `output ${i}`);
  model.dispose();
});

const refusals: [string, string[], RegExp][] = [
  ['an unknown trial id', ['--trial', 't9999-r0'], /no trial "t9999-r0" in run sample \(10 trials, e\.g\. t0000-r0.*Frontier: t0008-r1, t0009-r1, t0005-r0/],
  ['a pending trial', ['--trial', 't0007-r0'], /trial t0007-r0 is pending, not finished; only a finished trial has trained weights/],
  ['a failed trial', ['--trial', 't0004-r0'], /trial t0004-r0 is failed \(worker crashed: out of memory, "oom"\)/],
  ['a trial without saved weights', ['--trial', 't0000-r0'], /trial t0000-r0 has no saved weights \(it is not on the frontier\); a run keeps the trained weights of its frontier trials only .*Frontier trials: t0008-r1, t0009-r1, t0005-r0/],
  ['a trial whose weights were deleted', ['--trial', 't0005-r0'], /weights of trial t0005-r0 were saved to checkpoints\/gone, but no model\.json is there any more/],
];

for (const [what, args, message] of refusals) {
  test(`export refuses ${what} with exit code 2 and says why`, async () => {
    const snapshot = await loadRunSnapshot(run);
    assert.throws(() => findExportable(snapshot, args[1]!), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, message);
      return true;
    });
  });
}

test('a frontier trial whose weights were not kept is refused with the reason', async () => {
  const snapshot = await loadRunSnapshot(run);
  snapshot.frontier = [...snapshot.frontier, 't0002-r0'];
  assert.throws(() => findExportable(snapshot, 't0002-r0'), /trial t0002-r0 is on the frontier but the run kept no weights for it/);
});

test('the export command prints a refusal without a stack trace and exits with code 2', async () => {
  const { code, stderr } = await runCli(['export', run, '--trial', 't0000-r0', '--out', join(root, 'never')]);
  assert.equal(code, 2);
  assert.match(stderr, /^spin-nas: .*trial t0000-r0 has no saved weights/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('a trial can be named by its number: the highest rung of that trial number', async () => {
  const snapshot = await loadRunSnapshot(run);
  assert.equal(findExportable(snapshot, 't0008').trial.id, 't0008-r1');
  assert.equal(findExportable(snapshot, '9').trial.id, 't0009-r1');
});

test('export refuses weights that belong to another architecture', async () => {
  const { code, stderr } = await runCli(['export', run, '--trial', 't0001-r0', '--out', join(root, 'wrong')]);
  assert.equal(code, 2);
  assert.match(stderr, /checkpoints\/t0008-r1: holds ConvMixer-64\/8 k5 p2 · unshared \(hash h00000\), not trial t0001-r0 \(hash h01000\)/);
});

test('export refuses an output folder holding other files', async () => {
  const out = join(root, 'busy');
  await mkdir(out);
  await writeFile(join(out, 'notes.txt'), 'keep me');
  const { code, stderr } = await runCli(['export', run, '--trial', 't0008-r1', '--out', out]);
  assert.equal(code, 2);
  assert.match(stderr, /holds other files \(notes\.txt\); pass a new or empty folder/);
});
