import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gradsOf, sameOnBoth, setUp } from './wasm-compare.js';

type Pad = 'same' | 'valid';

describe('conv gradients on wasm', () => {
  before(setUp);

  const convCases: Array<{ x: number[]; f: number[]; stride: number; pad: Pad; label: string }> = [
    { label: 'stem (stride = kernel 2)', x: [3, 6, 6, 1], f: [2, 2, 1, 5], stride: 2, pad: 'valid' },
    { label: 'stem with odd size and 3 channels', x: [2, 7, 9, 3], f: [3, 3, 3, 4], stride: 3, pad: 'valid' },
    { label: 'pointwise 1x1', x: [2, 5, 3, 6], f: [1, 1, 6, 7], stride: 1, pad: 'same' },
    { label: '3x3 same', x: [2, 5, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
    { label: '3x3 same stride 2', x: [1, 7, 6, 2], f: [3, 3, 2, 3], stride: 2, pad: 'same' },
    { label: '2x2 valid stride 1', x: [2, 5, 5, 2], f: [2, 2, 2, 3], stride: 1, pad: 'valid' },
  ];

  it('gives conv2d input and filter gradients equal to the cpu backend', async () => {
    for (const c of convCases) {
      await sameOnBoth(
        `conv2d ${c.label}`,
        gradsOf((x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), [c.x, c.f]),
        1e-5,
      );
    }
  });

  it('gives fused conv2d (bias, activation) gradients equal to the cpu backend', async () => {
    await sameOnBoth(
      'fused conv2d stem',
      gradsOf(
        (x, f, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: 2, pad: 'valid', bias: b, activation: 'relu' }),
        [[2, 6, 6, 1], [2, 2, 1, 4], [4]],
      ),
      1e-5,
    );
  });

  const depthwiseCases: Array<{ x: number[]; k: number; stride: number; pad: Pad }> = [
    { x: [2, 6, 6, 8], k: 5, stride: 1, pad: 'same' },
    { x: [2, 7, 5, 6], k: 3, stride: 1, pad: 'same' },
    { x: [1, 5, 6, 5], k: 4, stride: 1, pad: 'same' },
    { x: [2, 7, 7, 3], k: 3, stride: 2, pad: 'same' },
    { x: [2, 6, 7, 7], k: 3, stride: 1, pad: 'valid' },
    { x: [1, 9, 8, 4], k: 5, stride: 2, pad: 'valid' },
    { x: [1, 3, 3, 2], k: 7, stride: 1, pad: 'same' },
    { x: [1, 10, 11, 3], k: 9, stride: 1, pad: 'same' },
    { x: [3, 9, 14, 9], k: 5, stride: 1, pad: 'same' },
    { x: [2, 5, 6, 4], k: 1, stride: 1, pad: 'valid' },
    { x: [1, 8, 9, 6], k: 6, stride: 1, pad: 'valid' },
  ];

  it('gives depthwise conv input and filter gradients equal to the cpu backend', async () => {
    for (const c of depthwiseCases) {
      const channels = c.x[3]!;
      await sameOnBoth(
        `depthwise k${c.k} stride ${c.stride} ${c.pad} on ${JSON.stringify(c.x)}`,
        gradsOf((x, f) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), [c.x, [c.k, c.k, channels, 1]]),
        1e-5,
      );
    }
  });

  it('rejects a depthwise filter gradient with a channel multiplier, naming the filter', async () => {
    await tf.setBackend('wasm');
    const f = gradsOf((x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), [[1, 4, 4, 2], [3, 3, 2, 2]]);
    assert.throws(() => tf.tidy(f), /channel multiplier 1.*\[3,3,2,2\]/);
  });
});
