import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { ArchitectureError } from '../../src/errors.js';
import { buildModel } from '../../src/train/index.js';
import { convMixer, sequential, vit } from './archs.js';

await initBackend('cpu');

function weightValues(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
}

test('a ConvMixer has the stem, per-block and head parameters of the convention', () => {
  const c = 8, k = 3, d = 2, p = 4;
  const built = buildModel(convMixer(), { seed: 1 });
  assert.equal(built.trainableParams, p * p * c + c + 2 * c + d * (k * k * c + c + 2 * c + c * c + c + 2 * c) + c * 10 + 10);
  built.model.dispose();
});

test('a shared pointwise component is one set of variables used by every layer of its group', () => {
  const built = buildModel(convMixer({ depth: 4, pointwise: sequential(4, 2) }), { seed: 1 });
  const pointwise = built.model.trainableWeights.filter((w) => w.originalName.startsWith('pointwise_s'));
  assert.deepEqual(pointwise.map((w) => w.originalName).sort(), ['pointwise_s0/bias', 'pointwise_s0/kernel', 'pointwise_s1/bias', 'pointwise_s1/kernel']);
  const norms = built.model.layers.filter((l) => l.name.startsWith('pointwise_bn_'));
  assert.equal(norms.length, 4, 'BatchNorm stays one per layer');
  built.model.dispose();
});

test('a shared ViT attention component keeps q, k, v, o in one layer object per set', () => {
  const built = buildModel(vit({ depth: 2, attention: [0, 0] }), { seed: 1 });
  const attention = built.model.layers.filter((l) => l.name.startsWith('attention_s'));
  assert.equal(attention.length, 1);
  assert.equal(attention[0]!.trainableWeights.length, 8);
  const out = built.model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
  assert.deepEqual(out.shape, [2, 10]);
  out.dispose();
  built.model.dispose();
});

test('initialisation is deterministic in the seed', () => {
  const a = buildModel(vit(), { seed: 7 });
  const b = buildModel(vit(), { seed: 7 });
  const c = buildModel(vit(), { seed: 8 });
  assert.deepEqual(weightValues(a.model), weightValues(b.model));
  assert.notDeepEqual(weightValues(a.model), weightValues(c.model));
  for (const m of [a, b, c]) m.model.dispose();
});

const unbuildable: [string, Parameters<typeof buildModel>[0], RegExp][] = [
  ['a patch larger than the image', convMixer({ patch: 32 }), /patch 32 is larger than the 28x28 image/],
  ['a patch that does not divide the image', convMixer({ patch: 5 }), /patch 5 does not divide/],
  ['heads that do not divide the width', vit({ heads: 3 }), /heads 3 does not divide width 8/],
  ['an assignment of the wrong length', convMixer({ depth: 3, pointwise: [0, 1] }), /has 2 entries for depth 3/],
  ['more weight sets than layers', convMixer({ depthwise: [0, 5] }), /6 weight sets; it needs 1 to 2/],
  ['an assignment to a missing weight set', convMixer({ depthwise: [0, 1], sharing: { assignment: { depthwise: [0, 1] }, sets: { depthwise: 1 } } }), /depthwise\[1\] = 1 is not a weight set in 0..0/],
];
for (const [what, arch, message] of unbuildable) {
  test(`${what} is rejected with an ArchitectureError before any tensor is created`, () => {
    const before = tf.memory().numTensors;
    assert.throws(() => buildModel(arch, { seed: 1 }), (e: unknown) => e instanceof ArchitectureError && message.test(e.message));
    assert.equal(tf.memory().numTensors, before);
  });
}
