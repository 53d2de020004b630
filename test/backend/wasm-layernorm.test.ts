import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { canLayerNorm, layerNormLastAxis } from '../../src/backend/wasm/layernorm.js';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { spinLayerNorm } from '../../src/train/model/layernorm.js';
import { gradsOf, sameOnBoth, setUp, values } from './wasm-compare.js';

const EPS = 1e-6;

/** The stock composition (moments, normalise, affine) and its autodiff: the reference. */
function composed(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), gamma), beta);
}

const layerNorm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor =>
  canLayerNorm(x) ? layerNormLastAxis(x, gamma, beta, EPS) : composed(x, gamma, beta);

/** LayerNorm of x scaled by `spread` and shifted by `offset`; gamma and beta as given by the seeds. */
const case_ = (spread: number, offset: number) => (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor =>
  layerNorm(tf.add(tf.mul(x, spread), offset), tf.add(g, 1), b);

describe('fused LayerNorm on wasm', () => {
  before(setUp);

  const shapes: number[][] = [[1, 1, 7], [3, 5, 13], [2, 64], [1, 49, 6], [4, 1], [2, 3, 2, 9]];
  for (const variant of ['simd', 'relaxed'] as const) {
    const withVariant = async (fn: () => Promise<void>): Promise<void> => {
      forceSimdVariant(variant);
      try {
        await fn();
      } finally {
        forceSimdVariant(undefined);
      }
    };
    for (const shape of shapes) {
      it(`${variant}: gives the cpu backend's output and x, gamma and beta gradients for [${shape.join(', ')}]`, () => withVariant(async () => {
        const c = shape[shape.length - 1]!;
        await sameOnBoth(`layerNorm [${shape.join(', ')}]`, gradsOf(case_(1, 0), [shape, [c], [c]], shape.length + c), 2e-5);
      }));
    }

    it(`${variant}: stays accurate for large values with a large mean (spread 1000 around 5000)`, () => withVariant(async () => {
      await sameOnBoth('layerNorm large', gradsOf(case_(1000, 5000), [[2, 7, 37], [37], [37]], 3), 5e-5);
    }));
  }

  it('runs as one kernel forward and one backward on wasm, without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const [x, g, b] = [[3, 10], [10], [10]].map((s, i) => tf.tensor(values(s, i + 1), s));
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(layerNorm(a, c, d)))([x!, g!, b!]));
    const names = profile.kernels.map((k) => k.name);
    assert.deepEqual(names.filter((n) => n.startsWith('SpinLayerNorm')), ['SpinLayerNorm', 'SpinLayerNormGrad']);
    assert.ok(!names.includes('Rsqrt') && !names.includes('Mean'), names.join(', '));
    tf.dispose([x!, g!, b!, ...(profile.result as tf.Tensor[])]);
    assert.equal(tf.memory().numTensors, before - 3);
  });

  it('keeps the stock layer\'s class name, config and weight names (checkpoints load as the stock layer)', async () => {
    await tf.setBackend('wasm');
    const layer = spinLayerNorm({ axis: -1, epsilon: 1e-6, name: 'ln' });
    const stock = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-6, name: 'ln' });
    const x = tf.tensor(values([2, 3, 8], 4), [2, 3, 8]);
    const [ours, theirs] = [layer, stock].map((l) => l.apply(x) as tf.Tensor);
    assert.equal(layer.getClassName(), 'LayerNormalization');
    assert.deepEqual(layer.getConfig(), stock.getConfig());
    assert.deepEqual(layer.weights.map((w) => w.originalName), stock.weights.map((w) => w.originalName));
    const diff = tf.max(tf.abs(tf.sub(ours!, theirs!))).dataSync()[0]!;
    assert.ok(diff < 1e-5, `fused and stock layers differ by ${diff}`);
    tf.dispose([x, ours!, theirs!]);
    layer.dispose();
    stock.dispose();
  });
});
