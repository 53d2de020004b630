import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { scaledSoftmax } from '../../src/backend/wasm/softmax.js';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { gradsOf, sameOnBoth, setUp, values } from './wasm-compare.js';

describe('fused scaled softmax on wasm', () => {
  before(setUp);

  const cases: Array<[number[], number, number]> = [
    // shape, scale, spread of the inputs
    [[1, 1, 5], 1, 1],
    [[2, 4, 49, 49], 0.25, 3],
    [[4, 16], 0.125, 1],
    [[3, 2, 7], 1, 100],
    [[1, 3], 0.5, 1e4],
    [[5, 1], 1, 1],
  ];
  for (const variant of ['simd', 'relaxed'] as const) {
    for (const [shape, scale, spread] of cases) {
      it(`${variant}: gives the cpu backend's softmax and gradient for [${shape.join(', ')}], scale ${scale}, values up to ${spread}`, async () => {
        forceSimdVariant(variant);
        try {
          const f = (x: tf.Tensor): tf.Tensor => scaledSoftmax(tf.mul(x, spread), scale);
          await sameOnBoth(`softmax [${shape.join(', ')}]`, gradsOf(f, [shape], shape.length * 7 + spread), 2e-6);
        } finally {
          forceSimdVariant(undefined);
        }
      });
    }
  }

  it('runs as one kernel forward and one backward on wasm, without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(values([6, 11], 3), [6, 11]);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(scaledSoftmax(t, 0.5), t)))(x));
    const names = profile.kernels.map((k) => k.name);
    assert.deepEqual(names.filter((n) => n.startsWith('SpinSoftmax')), ['SpinSoftmax', 'SpinSoftmaxGrad']);
    assert.ok(!names.includes('Softmax') && !names.includes('Exp'), names.join(', '));
    tf.dispose([x, profile.result]);
    assert.equal(tf.memory().numTensors, before - 1);
  });

  it('refuses a scale that is not positive', () => {
    const x = tf.tensor([1, 2]);
    assert.throws(() => scaledSoftmax(x, 0), /scale must be > 0, got 0/);
    x.dispose();
  });
});
