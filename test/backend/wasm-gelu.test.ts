import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { fusedGelu } from '../../src/backend/wasm/gelu.js';
import { gelu as composedGelu } from '../../src/train/model/ops.js';
import { sameOnBoth, setUp, values } from './wasm-compare.js';

/** Values spanning GELU's interesting range, zero, tiny values and tails included. */
function inputs(): tf.Tensor {
  const spread = Array.from(values([200], 5), (v) => v * 6);
  return tf.tensor2d([...spread, 0, -0, 1e-8, -1e-8, 1e-35, -1e-35, 3.9, -4.1, 6, -6, 12, -12, 40, -40], [2, 107]);
}

const gelu = (x: tf.Tensor): tf.Tensor => fusedGelu(x, composedGelu);

describe('fused GELU on wasm', () => {
  before(setUp);

  it('computes GELU and its gradient like the composed ops on the cpu backend', async () => {
    await sameOnBoth('gelu', () => {
      const x = inputs();
      const dy = tf.tensor(values(x.shape, 11), x.shape);
      return [gelu(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gelu(t), dy)))(x)];
    }, 5e-7);
  });

  it('runs as one kernel forward and one backward on wasm, without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const x = inputs();
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x));
    const names = profile.kernels.map((k) => k.name);
    assert.deepEqual(names.filter((n) => n.startsWith('SpinGelu')), ['SpinGelu', 'SpinGeluGrad']);
    assert.ok(!names.includes('Erf') && !names.includes('Multiply'), names.join(', '));
    tf.dispose([x, profile.result]);
    assert.equal(tf.memory().numTensors, before - 1);
  });

  it('falls back to the composed ops where the backend lacks the kernel', async () => {
    await tf.setBackend('cpu');
    const x = inputs();
    const profile = await tf.profile(() => gelu(x));
    assert.ok(profile.kernels.some((k) => k.name === 'Erf'));
    tf.dispose([x, profile.result]);
  });
});
