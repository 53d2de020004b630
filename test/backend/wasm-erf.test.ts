import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { sameOnBoth, setUp, values } from './wasm-compare.js';

/** Values spanning the interesting range of erf and GELU, tails included. */
function inputs(): tf.Tensor {
  const spread = Array.from(values([60], 4), (v) => v * 4);
  return tf.tensor1d([...spread, 0, -0, 1e-8, -1e-8, 3.9, -4.1, 6, -6, 12, -12, 40, -40, 200, -200]);
}

function withGrad(f: (x: tf.Tensor) => tf.Tensor): () => tf.Tensor[] {
  return () => {
    const x = inputs();
    const dy = tf.tensor1d(Array.from(values(x.shape, 9)));
    return [f(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), dy)))(x)];
  };
}

/** GELU as the models write it. */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

describe('erf (GELU) on wasm', () => {
  before(setUp);

  it('computes erf and its gradient like the cpu backend', async () => {
    await sameOnBoth('erf', withGrad((x) => tf.erf(x)), 5e-7);
  });

  it('computes GELU and its gradient like the cpu backend', async () => {
    await sameOnBoth('gelu', withGrad(gelu), 5e-7);
  });

  it('runs the erf gradient as one kernel on wasm', async () => {
    await tf.setBackend('wasm');
    const x = inputs();
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.erf(t)))(x));
    const names = profile.kernels.map((k) => k.name);
    assert.ok(names.includes('SpinErfGrad'), names.join(', '));
    assert.ok(!names.includes('Exp'), names.join(', '));
    tf.dispose([x, profile.result]);
  });
});
