import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { spinBatchNorm } from '../../src/train/model/batchnorm.js';
import { assertClose, setUp, values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

/**
 * One training call of a fresh BatchNorm layer (gamma, beta set to non-trivial values) on
 * `backend`: the output, the gradients of sum(y * r) for x, gamma and beta, and the moving
 * mean and variance after the three training calls' updates.
 */
async function trainOnce(backend: Backend, shape: number[], layer: () => tf.layers.Layer): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const c = shape[shape.length - 1]!;
  const bn = layer();
  bn.build(shape);
  bn.setWeights([tf.tensor1d(values([c], 7)).add(1.5), tf.tensor1d(values([c], 8)), tf.tensor1d(values([c], 9)), tf.tensor1d(values([c], 10)).abs()]);
  const x = tf.tensor(Float32Array.from(values(shape, 3), (v, i) => v * 3 + (i % c)), shape);
  const r = tf.tensor(values(shape, 4), shape);
  const [gamma, beta] = bn.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(bn.apply(x, { training: true }) as tf.Tensor, r)), [gamma!, beta!]);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(bn.apply(t, { training: true }) as tf.Tensor, r)))(x);
  const y = bn.apply(x, { training: true }) as tf.Tensor;
  const weights = bn.getWeights().map((w) => Float32Array.from(w.dataSync()));
  const out = [y, dx, grads[gamma!.name]!, grads[beta!.name]!].map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([value, dx, y, x, r, ...Object.values(grads), ...bn.weights.map((w) => w.read())]);
  return [...out, weights[2]!, weights[3]!];
}

const stock = (): tf.layers.Layer => tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 });
const fused = (): tf.layers.Layer => spinBatchNorm({ axis: -1, momentum: 0.9, epsilon: 1e-5 });
const LABELS = ['y', 'dx', 'dgamma', 'dbeta', 'moving mean', 'moving variance'];

describe('BatchNorm training with the fused wasm kernels', () => {
  before(setUp);

  for (const variant of ['simd', 'relaxed'] as const) {
    for (const shape of [[2, 5, 5, 16], [1, 3, 3, 7], [3, 4, 2, 5], [9, 13]]) {
      it(`${variant}: matches the stock layer on cpu for ${JSON.stringify(shape)} (output, gradients, moving statistics)`, async () => {
        forceSimdVariant(variant);
        try {
          const expected = await trainOnce('cpu', shape, stock);
          const actual = await trainOnce('wasm', shape, fused);
          expected.forEach((e, i) => assertClose(actual[i]!, e, 2e-5, `${LABELS[i]} ${JSON.stringify(shape)}`));
        } finally {
          forceSimdVariant(undefined);
        }
      });
    }
  }

  it('trains as the fused kernels on wasm, without moments, and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const bn = fused();
    bn.build([4, 3, 3, 8]);
    const x = tf.tensor(values([4, 3, 3, 8], 1), [4, 3, 3, 8]);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(bn.apply(t, { training: true }) as tf.Tensor))(x));
    const names = profile.kernels.map((k) => k.name);
    for (const name of ['SpinChannelMoments', 'SpinChannelAffine', 'SpinChannelAffine2']) assert.ok(names.includes(name), names.join(', '));
    assert.ok(!names.includes('Mean') && !names.includes('FusedBatchNorm'), names.join(', '));
    tf.dispose(profile.result);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose(x);
  });

  it('keeps the stock class name, so saved models load without this code', () => {
    assert.equal(fused().getClassName(), 'BatchNormalization');
  });
});
