import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gradsOf, sameOnBoth, setUp } from './wasm-compare.js';

const bn = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o?: tf.Tensor, s?: tf.Tensor): tf.Tensor =>
  tf.batchNorm(a, m, tf.add(tf.abs(v), 0.1), o, s, 1e-3);

describe('the batchNorm gradient channel sums on wasm', () => {
  before(setUp);

  it('gives every batchNorm gradient like the cpu backend on an NHWC batch', async () => {
    await sameOnBoth('batchNorm grads', gradsOf(bn, [[4, 5, 5, 16], [16], [16], [16], [16]]), 2e-5);
  });

  it('computes both channel sums in one kernel, without Sub or leaked tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.tidy(() => gradsOf(bn, [[4, 5, 5, 16], [16], [16], [16], [16]])()));
    const names = profile.kernels.map((k) => k.name);
    assert.ok(names.includes('SpinBatchNormSums'), names.join(', '));
    assert.ok(!names.includes('Sub'), names.join(', '));
    tf.dispose(profile.result);
    assert.equal(tf.memory().numTensors, before);
  });
});
