import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { ArchitectureError } from '../../src/errors.js';
import type { Reduction } from '../../src/space/types.js';
import { buildModel, exportDeployed, initFromParent } from '../../src/train/index.js';
import { convMixer, sequential, vit } from './archs.js';

await initBackend('cpu');

const input = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 3);

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

test('mean fusion initialises each shared set to the mean of its group in the parent', () => {
  const parent = buildModel(convMixer({ depth: 4 }), { seed: 1 });
  const child = buildModel(convMixer({ depth: 4, pointwise: sequential(4, 2), init: 'mean' }), { seed: 2 });
  initFromParent(child, parent);
  const deployed = exportDeployed(child);
  const shared = deployed.model.getLayer('pointwise_s1').getWeights()[0]!;
  const expected = tf.div(tf.add(parent.model.getLayer('pointwise_s2').getWeights()[0]!, parent.model.getLayer('pointwise_s3').getWeights()[0]!), 2);
  assert.ok(maxDiff(shared, expected) < 1e-6);
  expected.dispose();
  for (const m of [parent, child, deployed]) m.model.dispose();
});

const cases: [string, Reduction, ReturnType<typeof convMixer>][] = [
  ['ConvMixer', 'choose_first', convMixer({ depth: 4, pointwise: sequential(4, 2), depthwise: [0, 0, 1, 2], init: 'choose_first' })],
  ['ConvMixer', 'scalar_weighted_mean', convMixer({ depth: 4, pointwise: sequential(4, 4), init: 'scalar_weighted_mean' })],
  ['ViT', 'channel_weighted_mean', vit({ depth: 2, attention: [0, 0], mlp: [0, 0], init: 'channel_weighted_mean' })],
  ['ViT', 'scalar_weighted_mean', vit({ depth: 2, mlp: [0, 0], init: 'scalar_weighted_mean' })],
];
for (const [family, reduction, arch] of cases) {
  test(`the exported ${family} model computes what the ${reduction} fused model computes, with only the shared tensors`, () => {
    const parentArch = { ...arch, init: 'scratch' as const, sharing: { assignment: {}, sets: {} } };
    const parent = buildModel(parentArch, { seed: 1 });
    const child = buildModel(arch, { seed: 2 });
    assert.ok(child.fused);
    initFromParent(child, parent);
    // Perturb the learnable reduction weights as training would.
    for (const w of child.model.trainableWeights.filter((v) => v.name.includes('mix'))) {
      w.write(tf.tidy(() => tf.add(w.read(), tf.randomUniform(w.shape as number[], -0.2, 0.2, 'float32', 4))));
    }
    const deployed = exportDeployed(child);
    assert.ok(deployed.trainableParams < child.trainableParams);
    assert.ok(!deployed.model.weights.some((w) => /_m\d+$|mix/.test(w.originalName)));
    const a = child.model.predict(input) as tf.Tensor;
    const b = deployed.model.predict(input) as tf.Tensor;
    assert.ok(maxDiff(a, b) < 1e-4, `outputs differ by ${maxDiff(a, b)}`);
    tf.dispose([a, b]);
    for (const m of [parent, child, deployed]) m.model.dispose();
  });
}

test('reduction weights receive gradients and train with the model', () => {
  const child = buildModel(convMixer({ depth: 2, pointwise: [0, 0], init: 'channel_weighted_mean' }), { seed: 2 });
  const mix = child.model.trainableWeights.filter((w) => w.name.includes('mix')).map((w) => w.read() as tf.Variable);
  assert.equal(mix.length, 1);
  const { grads, value } = tf.variableGrads(() => tf.sum<tf.Scalar>(child.model.apply(input, { training: true }) as tf.Tensor), mix);
  const g = grads[mix[0]!.name]!;
  assert.ok(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]!) > 0);
  tf.dispose([value, ...Object.values(grads)]);
  child.model.dispose();
});

test('a parent of another backbone is rejected', () => {
  const parent = buildModel(convMixer({ depth: 2, width: 16 }), { seed: 1 });
  const child = buildModel(convMixer({ depth: 2, pointwise: [0, 0], init: 'mean' }), { seed: 2 });
  assert.throws(() => initFromParent(child, parent), (e: unknown) => e instanceof ArchitectureError && /width 16 vs 8/.test(e.message));
  parent.model.dispose();
  child.model.dispose();
});
