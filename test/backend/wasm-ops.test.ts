import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gradsOf, sameOnBoth, setUp, values } from './wasm-compare.js';

describe('matmul, reductions and tile on wasm', () => {
  before(setUp);

  it('gives matMul results and gradients equal to the cpu backend for every transpose combination', async () => {
    const shapes: Array<[number[], number[], boolean, boolean]> = [
      [[5, 3], [3, 4], false, false],
      [[3, 5], [3, 4], true, false],
      [[5, 3], [4, 3], false, true],
      [[3, 5], [4, 3], true, true],
      [[2, 3, 5], [2, 3, 4], true, false],
      [[2, 2, 5, 3], [2, 2, 4, 3], false, true],
      [[3, 9, 6], [3, 6, 11], false, false],
      [[3, 6, 9], [3, 11, 6], true, true],
      [[4, 8, 8], [4, 8, 8], false, true],
    ];
    for (const [a, b, tA, tB] of shapes) {
      await sameOnBoth(
        `matMul ${JSON.stringify(a)} x ${JSON.stringify(b)} tA=${tA} tB=${tB}`,
        gradsOf((x, y) => tf.matMul(x, y, tA, tB), [a, b]),
      );
    }
  });

  it('gives batched matMul results with a broadcast batch equal to the cpu backend', async () => {
    // Forward only: tfjs-core's BatchMatMul gradient does not reduce broadcast batch dims.
    const shapes: Array<[number[], number[], boolean, boolean]> = [
      [[2, 3, 5, 7], [7, 6], false, false],
      [[8, 2], [3, 8, 5], true, false],
      [[1, 4, 6], [2, 6, 9], false, false],
      [[2, 1, 4, 6], [3, 6, 5], false, true],
      [[2, 3, 4, 6], [3, 6, 5], false, false],
    ];
    for (const [a, b, tA, tB] of shapes) {
      const bShape = tB ? [...b.slice(0, -2), b[b.length - 1]!, b[b.length - 2]!] : b;
      await sameOnBoth(`matMul ${JSON.stringify(a)} x ${JSON.stringify(bShape)} tA=${tA} tB=${tB}`, () =>
        tf.matMul(tf.tensor(values(a, 1), a), tf.tensor(values(bShape, 2), bShape), tA, tB));
    }
  });

  it('gives fused matMul (bias, relu) results and gradients equal to the cpu backend', async () => {
    await sameOnBoth(
      'fused matMul',
      gradsOf((a, b, bias) => tf.fused.matMul({ a, b, bias, activation: 'relu', transposeB: true }), [[6, 4], [3, 4], [3]]),
    );
  });

  it('sums and averages over leading, trailing and scattered axes like the cpu backend', async () => {
    const cases: Array<[number[], number | number[], boolean]> = [
      [[4, 3, 5, 6], [0, 1, 2], false],
      [[4, 3, 5, 6], [0, 1, 2], true],
      [[7, 5], 0, false],
      [[4, 3, 5], [2, 0, 1], false],
      [[4, 3, 5], [1, 2], false],
      [[4, 3, 5], [0, 2], true],
      [[6, 2, 5], [0, 1], false],
    ];
    for (const [shape, axis, keepDims] of cases) {
      await sameOnBoth(`sum/mean ${JSON.stringify(shape)} axis ${JSON.stringify(axis)} keepDims ${keepDims}`, () => {
        const x = tf.tensor(values(shape, 3), shape);
        return [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims), tf.sum(tf.cast(tf.greater(x, 0), 'int32'), axis)];
      });
    }
  });

  it('tiles and broadcasts like the cpu backend', async () => {
    const cases: Array<[number[], number[]]> = [
      [[1, 1, 1, 5], [3, 4, 2, 1]],
      [[2, 3], [3, 2]],
      [[3], [4]],
      [[2, 1, 3], [1, 5, 2]],
      [[3, 4, 1], [2, 1, 20]],
      [[2, 3, 2], [1, 2, 9]],
    ];
    for (const [shape, reps] of cases) {
      await sameOnBoth(`tile ${JSON.stringify(shape)} by ${JSON.stringify(reps)}`, () => {
        const x = tf.tensor(values(shape, 5), shape);
        return [tf.tile(x, reps), tf.broadcastTo(tf.reshape(x, [1, ...shape]), [2, ...shape])];
      });
    }
    await sameOnBoth('tile of int32', () => tf.tile(tf.tensor1d([1, 2, 3], 'int32'), [2]));
  });

  it('keeps clones and same-dtype casts intact when the source is disposed or a variable is reassigned', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    const cast = tf.cast(x, 'float32');
    x.dispose();
    const v = tf.variable(tf.tensor1d([4, 5, 6]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    const asInt = tf.cast(tf.tensor1d([1.5, 2.5]), 'int32');
    assert.deepEqual(Array.from(copy.dataSync()), [1, 2, 3]);
    assert.deepEqual(Array.from(cast.dataSync()), [1, 2, 3]);
    assert.deepEqual(Array.from(snapshot.dataSync()), [4, 5, 6]);
    assert.deepEqual(Array.from(v.dataSync()), [7, 8, 9]);
    assert.deepEqual([asInt.dtype, ...asInt.dataSync()], ['int32', 1, 2]);
    tf.dispose([copy, cast, v, snapshot, asInt]);
  });
});
