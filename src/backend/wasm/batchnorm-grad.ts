/**
 * The two per-channel reductions of the FusedBatchNorm gradient, sum(dy) and
 * sum(dy * (x - mean)), in one pass over dy and x (float64 accumulators, fixed order):
 * the composed form is a full-size Sub, a full-size Multiply and two Sums. The SIMD module's
 * batchNormSums runs it where it binds, else the JS loop below.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { f32, offsetOf } from './heap.js';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';

export const SPIN_BATCHNORM_SUMS = 'SpinBatchNormSums';

/** Four rows per pass with the sums in locals (a fixed order, so deterministic): one
 * read-modify-write of each accumulator per four elements, ~4x faster in V8. */
function channelSums(x: Float32Array, dy: Float32Array, mean: Float32Array, s1: Float64Array, s2: Float64Array): void {
  const channels = mean.length;
  const rows = x.length / channels;
  const r1 = channels, r2 = 2 * channels, r3 = 3 * channels;
  let row = 0;
  let base = 0;
  for (; row + 4 <= rows; row += 4, base += 4 * channels) {
    for (let c = 0; c < channels; c++) {
      const j = base + c;
      const m = mean[c]!;
      const d0 = dy[j]!, d1 = dy[j + r1]!, d2 = dy[j + r2]!, d3 = dy[j + r3]!;
      s1[c]! += d0 + d1 + (d2 + d3);
      s2[c]! += d0 * (x[j]! - m) + d1 * (x[j + r1]! - m) + (d2 * (x[j + r2]! - m) + d3 * (x[j + r3]! - m));
    }
  }
  for (; row < rows; row++, base += channels) {
    for (let c = 0; c < channels; c++) {
      const d = dy[base + c]!;
      s1[c]! += d;
      s2[c]! += d * (x[base + c]! - mean[c]!);
    }
  }
}

const batchNormSumsFunc = ((args: KernelArgs): TensorInfo[] => {
  const { inputs, backend } = args;
  const { x, dy, mean } = inputs;
  const channels = tf.util.sizeFromShape(mean!.shape);
  const sumDy = backend.makeOutput(mean!.shape, 'float32');
  const sumDyXc = backend.makeOutput(mean!.shape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    const at = (t: TensorInfo): number => offsetOf(backend, t);
    simd.batchNormSums(at(x!), at(dy!), at(mean!), at(sumDy), at(sumDyXc), tf.util.sizeFromShape(x!.shape) / channels, channels);
    return [sumDy, sumDyXc];
  }
  const s1 = new Float64Array(channels);
  const s2 = new Float64Array(channels);
  channelSums(f32(backend, x!), f32(backend, dy!), f32(backend, mean!), s1, s2);
  f32(backend, sumDy).set(s1);
  f32(backend, sumDyXc).set(s2);
  return [sumDy, sumDyXc];
}) as unknown as KernelFunc;

/**
 * [sum(dy), sum(dy * (x - mean))] over all but the last axis, with the kernel where the
 * active backend has it and the layout fits (per-channel mean of the last axis), else null.
 */
export function batchNormSums(x: Tensor, dy: Tensor, mean: Tensor): [Tensor, Tensor] | null {
  const channels = x.shape[x.shape.length - 1]!;
  const fits = x.dtype === 'float32' && dy.dtype === 'float32' && mean.dtype === 'float32' &&
    x.shape.length >= 2 && tf.util.sizeFromShape(mean.shape) === channels && tf.util.arraysEqual(x.shape, dy.shape);
  if (!fits || !tf.getKernel(SPIN_BATCHNORM_SUMS, tf.getBackend())) return null;
  const inputs = { x, dy, mean } as unknown as tf.NamedTensorMap;
  return tf.engine().runKernel(SPIN_BATCHNORM_SUMS, inputs, {}) as unknown as [Tensor, Tensor];
}

export const batchNormSumsKernel: KernelConfig = {
  kernelName: SPIN_BATCHNORM_SUMS,
  backendName: 'wasm',
  kernelFunc: batchNormSumsFunc,
};
