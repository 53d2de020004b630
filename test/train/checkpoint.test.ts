import assert from 'node:assert/strict';
import { existsSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { SpinError } from '../../src/errors.js';
import { buildModel, fileSystemHandler, loadCheckpoint, loadModel, saveModel } from '../../src/train/index.js';
import { tempDir } from '../helpers.js';
import { convMixer, vit } from './archs.js';

await initBackend('cpu');
const root = tempDir();
const input = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 5);

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

for (const [name, arch] of [
  ['shared ConvMixer', convMixer({ depth: 2, pointwise: [0, 0] })],
  ['fused ViT', vit({ depth: 2, mlp: [0, 0], init: 'channel_weighted_mean' })],
] as const) {
  test(`a saved ${name} is written as model.json + weights.bin and tf.loadLayersModel reloads it exactly`, async () => {
    const built = buildModel(arch, { seed: 3 });
    const dir = join(root, name.replace(' ', '-'));
    await saveModel(built, dir);
    assert.ok(existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'weights.bin')));
    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    const a = built.model.predict(input) as tf.Tensor;
    const b = loaded.predict(input) as tf.Tensor;
    assert.ok(maxDiff(a, b) < 1e-6);
    assert.equal(loaded.countParams(), built.model.countParams());
    tf.dispose([a, b]);
    built.model.dispose();
    loaded.dispose();
  });
}

test('a checkpoint carries its architecture', async () => {
  const built = buildModel(convMixer(), { seed: 1 });
  const dir = join(root, 'with-arch');
  await saveModel(built, dir);
  const loaded = await loadCheckpoint(dir);
  assert.equal(loaded.arch.label, 'test convmixer');
  assert.equal(loaded.trainableParams, built.trainableParams);
  const reloaded = await loadModel(dir);
  assert.equal(reloaded.layers.length, built.model.layers.length);
  for (const m of [built.model, loaded.model, reloaded]) m.dispose();
});

test('truncated weights are an error naming the file', async () => {
  const built = buildModel(convMixer(), { seed: 1 });
  const dir = join(root, 'truncated');
  await saveModel(built, dir);
  built.model.dispose();
  truncateSync(join(dir, 'weights.bin'), 100);
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof SpinError && e.message.includes('weights.bin') && /truncated/.test(e.message));
});

test('a missing checkpoint is an error naming model.json', async () => {
  await assert.rejects(loadModel(join(root, 'nothing')), (e: unknown) => e instanceof SpinError && e.message.includes('model.json'));
});
