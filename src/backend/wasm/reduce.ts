/**
 * Sum and Mean over the leading axes (e.g. [N,H,W] of NHWC: BatchNorm statistics, bias
 * gradients). The stock wasm kernels transpose the whole tensor first; here one pass
 * accumulates each channel in float64, in a fixed order (the SIMD module's columnSums where
 * it binds, else the JS loop below).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call, f32, offsetOf } from './heap.js';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';

/** The number of leading axes reduced, or -1 when `axes` are not exactly 0..k-1 (k < rank). */
export function leadingAxes(axis: number | number[], rank: number, shape: number[]): number {
  const axes = tf.util.parseAxisParam(axis, shape).slice().sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= rank) return -1;
  return axes.every((a, i) => a === i) ? axes.length : -1;
}

/**
 * Column sums of a row-major [outer, inner] matrix in float64. Eight rows per pass (a
 * fixed pairwise order, so deterministic): ~3x faster than one row at a time in V8.
 */
export function sumRows(xs: Float32Array, outer: number, inner: number): Float64Array {
  const acc = new Float64Array(inner);
  const r1 = inner, r2 = 2 * inner, r3 = 3 * inner, r4 = 4 * inner, r5 = 5 * inner, r6 = 6 * inner, r7 = 7 * inner;
  let o = 0;
  let base = 0;
  for (; o + 8 <= outer; o += 8, base += 8 * inner) {
    for (let i = 0; i < inner; i++) {
      const j = base + i;
      acc[i]! +=
        xs[j]! + xs[j + r1]! + (xs[j + r2]! + xs[j + r3]!) + (xs[j + r4]! + xs[j + r5]! + (xs[j + r6]! + xs[j + r7]!));
    }
  }
  for (; o < outer; o++, base += inner) {
    for (let i = 0; i < inner; i++) acc[i]! += xs[base + i]!;
  }
  return acc;
}

function reduceLeading(name: 'Sum' | 'Mean'): KernelFunc {
  return ((args: KernelArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x']!;
    const { axis, keepDims } = attrs as { axis: number | number[]; keepDims: boolean };
    const k = x.dtype === 'float32' ? leadingAxes(axis, x.shape.length, x.shape) : -1;
    if (k < 0) return call(name, backend, inputs, attrs);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, k));
    const inner = tf.util.sizeFromShape(x.shape.slice(k));
    const outShape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
    const out = backend.makeOutput(outShape, 'float32');
    const simd = simdKernels(backend);
    if (simd) {
      simd.columnSums(offsetOf(backend, x), offsetOf(backend, out), outer, inner, name === 'Mean' ? 1 / outer : 1);
      return out;
    }
    const xs = f32(backend, x);
    const acc = sumRows(xs, outer, inner);
    if (name === 'Mean') for (let i = 0; i < inner; i++) acc[i]! /= outer;
    f32(backend, out).set(acc);
    return out;
  }) as unknown as KernelFunc;
}

export const reduceKernels: KernelConfig[] = (['Sum', 'Mean'] as const).map((kernelName) => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: reduceLeading(kernelName),
}));
