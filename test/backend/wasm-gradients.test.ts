import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { assertClose, gradsOf, run, sameOnBoth, setUp, values } from './wasm-compare.js';

/** Batch norm written with elementary ops: its gradient does not use the FusedBatchNorm one. */
function referenceBatchNorm(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, offset?: tf.Tensor, scale?: tf.Tensor): tf.Tensor {
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-3)));
  if (scale) y = tf.mul(y, scale);
  if (offset) y = tf.add(y, offset);
  return y;
}

describe('gradient formulations for wasm', () => {
  before(setUp);

  it('gives batchNorm gradients equal to an elementary-op formulation on cpu and wasm', async () => {
    // (Without a scale input, tfjs-core itself fails to save the inputs for any batchNorm
    // gradient; BatchNormalization layers always pass gamma and beta.)
    const c = [6];
    for (const x of [[3, 4, 5, 6], [7, 6]]) {
      const make = (fn: typeof referenceBatchNorm) =>
        gradsOf((a, m, v, o, s) => fn(a, m, tf.add(tf.abs(v), 0.1), o, s), [x, c, c, c, c]);
      const fused: typeof referenceBatchNorm = (a, m, v, o, s) => tf.batchNorm(a, m, v, o, s, 1e-3);
      const expected = await run('cpu', make(referenceBatchNorm));
      for (const backend of ['cpu', 'wasm'] as const) {
        const actual = await run(backend, make(fused));
        expected.forEach((e, i) => assertClose(actual[i]!, e, 2e-5, `batchNorm ${JSON.stringify(x)} on ${backend}, output ${i}`));
      }
    }
  });

  it('normalises like the cpu backend with per-channel, missing and per-element parameters', async () => {
    await sameOnBoth('batchNorm forward', () => {
      const x = tf.tensor(values([3, 4, 5], 21), [3, 4, 5]);
      const c = (seed: number) => tf.tensor1d(Array.from(values([5], seed)));
      const full = (seed: number) => tf.tensor(values([3, 4, 5], seed), [3, 4, 5]);
      return [
        tf.batchNorm(x, c(1), tf.abs(c(2)), c(3), c(4), 1e-3),
        tf.batchNorm(x, c(1), tf.abs(c(2))),
        tf.batchNorm(x, full(5), tf.abs(full(6)), full(7), undefined, 1e-2),
      ];
    });
  });

  it('gives batchNorm gradients through moments (as BatchNormalization trains) equal on cpu and wasm', async () => {
    await sameOnBoth(
      'moments + batchNorm',
      gradsOf((x, o, s) => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        return tf.batchNorm(x, mean, variance, o, s, 1e-5);
      }, [[4, 3, 5, 6], [6], [6]]),
      2e-5,
    );
  });

  it('spreads sum and mean gradients evenly over the reduced axes', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      const [gSum, gMean] = await run(backend, () => {
        const x = tf.tensor(values([2, 3, 4], 7), [2, 3, 4]);
        const w = tf.tensor1d([1, 2, 3, 4]);
        return [
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(t, [0, 1]), w)))(x),
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mean(t, [0, 1], true), w)))(x),
        ];
      });
      const expectSum = Array.from({ length: 24 }, (_, i) => (i % 4) + 1);
      assertClose(gSum!, expectSum, 1e-6, `sum gradient on ${backend}`);
      assertClose(gMean!, expectSum.map((v) => v / 6), 1e-6, `mean gradient on ${backend}`);
    }
  });

  it('gives tile gradients equal to a concatenation of copies, on cpu and wasm', async () => {
    const byConcat = (x: tf.Tensor, reps: number[]): tf.Tensor =>
      reps.reduce((t, r, axis) => tf.concat(Array.from({ length: r }, () => t), axis), x);
    const cases: Array<[number[], number[]]> = [[[2, 3], [3, 2]], [[4, 5, 1], [1, 1, 6]], [[2, 1, 3], [5, 4, 1]], [[3], [4]], [[2, 2], [1, 1]]];
    for (const [shape, reps] of cases) {
      const expected = await run('cpu', gradsOf((x) => byConcat(x, reps), [shape]));
      for (const backend of ['cpu', 'wasm'] as const) {
        const actual = await run(backend, gradsOf((x) => tf.tile(x, reps), [shape]));
        expected.forEach((e, i) => assertClose(actual[i]!, e, 1e-6, `tile ${JSON.stringify(shape)} by ${JSON.stringify(reps)} on ${backend}, output ${i}`));
      }
    }
  });
});
