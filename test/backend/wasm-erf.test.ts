import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gelu } from '../../src/backend/wasm/index.js';
import { assertClose, run, sameOnBoth, setUp, values } from './wasm-compare.js';

/** Values spanning the interesting range of erf and GELU, tails included. */
function inputs(): tf.Tensor {
  const spread = Array.from(values([60], 4), (v) => v * 4);
  return tf.tensor1d([...spread, 0, -0, 1e-8, -1e-8, 6, -6, 12, -12, 40, -40, 200, -200]);
}

function withGrad(f: (x: tf.Tensor) => tf.Tensor): () => tf.Tensor[] {
  return () => {
    const x = inputs();
    const dy = tf.tensor1d(Array.from(values(x.shape, 9)));
    return [f(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), dy)))(x)];
  };
}

function compositeGelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

describe('GELU pieces on wasm', () => {
  before(setUp);

  it('computes erf and its gradient like the cpu backend', async () => {
    await sameOnBoth('erf', withGrad((x) => tf.erf(x)), 1e-6);
  });

  it('gives the fused gelu op the values and gradient of the composite form on cpu', async () => {
    const expected = await run('cpu', withGrad(compositeGelu));
    for (const backend of ['cpu', 'wasm'] as const) {
      const actual = await run(backend, withGrad(gelu));
      expected.forEach((e, i) => assertClose(actual[i]!, e, 1e-6, `gelu on ${backend}, output ${i}`));
    }
  });

  it('runs gelu on wasm as one kernel forward and one backward', async () => {
    await tf.setBackend('wasm');
    const x = inputs();
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x));
    const names = profile.kernels.map((k) => k.name);
    assert.ok(names.includes('SpinGelu') && names.includes('SpinGeluGrad'), names.join(', '));
    assert.ok(!names.includes('Erf'), names.join(', '));
    tf.dispose([x, profile.result as tf.Tensor]);
  });
});
