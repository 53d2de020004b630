/**
 * BatchNorm in training as three wasm kernels on the SIMD module (assembly/channel.ts):
 * per-channel mean and variance in one pass, y = x a + b in one pass, and the input
 * gradient dx = dy a + x p + q in one pass (with SpinBatchNormSums for the two sums it
 * needs). batchNormTraining composes them with its own gradient; the composed tfjs form
 * (moments, batchNormalization and their autodiff) costs about ten full-size passes.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { batchNormSums } from './batchnorm-grad.js';
import { offsetOf } from './heap.js';
import { requireSimd, rowsCols } from './kernel-args.js';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';

const MOMENTS = 'SpinChannelMoments';
export const AFFINE = 'SpinChannelAffine';
const AFFINE2 = 'SpinChannelAffine2';

const momentsKernel = ((args: KernelArgs): TensorInfo[] => {
  const simd = requireSimd(args, MOMENTS);
  const x = args.inputs['x']!;
  const [rows, cols] = rowsCols(x);
  const mean = args.backend.makeOutput([cols], 'float32');
  const variance = args.backend.makeOutput([cols], 'float32');
  simd.channelMoments(offsetOf(args.backend, x), offsetOf(args.backend, mean), offsetOf(args.backend, variance), rows, cols);
  return [mean, variance];
}) as unknown as KernelFunc;

const affineKernel = ((args: KernelArgs): TensorInfo => {
  const simd = requireSimd(args, AFFINE);
  const { x, a, b } = args.inputs;
  const [rows, cols] = rowsCols(x!);
  const out = args.backend.makeOutput(x!.shape, 'float32');
  const at = (t: TensorInfo): number => offsetOf(args.backend, t);
  simd.channelAffine(at(x!), at(a!), at(b!), at(out), rows, cols);
  return out;
}) as unknown as KernelFunc;

const affine2Kernel = ((args: KernelArgs): TensorInfo => {
  const simd = requireSimd(args, AFFINE2);
  const { dy, x, a, p, q } = args.inputs;
  const [rows, cols] = rowsCols(x!);
  const out = args.backend.makeOutput(x!.shape, 'float32');
  const at = (t: TensorInfo): number => offsetOf(args.backend, t);
  simd.channelAffine2(at(dy!), at(x!), at(a!), at(p!), at(q!), at(out), rows, cols);
  return out;
}) as unknown as KernelFunc;

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const batchNormTrainKernels: KernelConfig[] = [wasm(MOMENTS, momentsKernel), wasm(AFFINE, affineKernel), wasm(AFFINE2, affine2Kernel)];

const run = (name: string, inputs: Record<string, Tensor>): Tensor | Tensor[] =>
  tf.engine().runKernel<Tensor | Tensor[]>(name, inputs, {});

/**
 * Whether batchNormTraining can run here: the active backend has the kernels and they can
 * bind to its heap, x is float32 and normalised over every axis but the last.
 */
export function canBatchNormTrain(x: Tensor): boolean {
  if (x.dtype !== 'float32' || x.rank < 2 || !tf.getKernel(MOMENTS, tf.getBackend())) return false;
  return simdKernels(tf.backend() as unknown as KernelArgs['backend']) !== undefined;
}

export interface BatchNormTraining {
  y: Tensor;
  /** Batch statistics for the moving averages; the caller disposes them (kept out of tidy). */
  mean: Tensor;
  variance: Tensor;
}

/**
 * y = gamma (x - mean) / sqrt(variance + eps) + beta over the batch statistics of the last
 * axis, with the full BatchNorm gradient for x, gamma and beta (the statistics' own
 * dependence on x included). Call only where canBatchNormTrain(x).
 */
export function batchNormTraining(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): BatchNormTraining {
  let stats: [Tensor, Tensor] | undefined;
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, g, b, save] = args as [Tensor, Tensor, Tensor, tf.GradSaveFunc];
    const [mean, variance] = run(MOMENTS, { x: xs }) as [Tensor, Tensor];
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const a = tf.mul(g, invStd);
    const shift = tf.sub(b, tf.mul(mean, a));
    const y = run(AFFINE, { x: xs, a, b: shift }) as Tensor;
    stats = [tf.keep(mean), tf.keep(variance)];
    save([xs, mean, invStd, a]);
    return {
      value: y,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [xSaved, m, s, scale] = saved as [Tensor, Tensor, Tensor, Tensor];
        const d = dy as Tensor;
        const n = xSaved.size / m.size;
        const [s1, s2] = batchNormSums(xSaved, d, m) ?? [tf.sum(d, [...Array(d.rank - 1).keys()]), tf.sum(tf.mul(d, tf.sub(xSaved, m)), [...Array(d.rank - 1).keys()])];
        // dx = a (dy - s1/n - (x - m) s^2 s2/n) = dy a + x p + q
        const p = tf.mul(tf.neg(scale), tf.mul(tf.square(s), tf.div(s2, n)));
        const q = tf.sub(tf.mul(tf.neg(scale), tf.div(s1, n)), tf.mul(p, m));
        const dx = run(AFFINE2, { dy: d, x: xSaved, a: scale, p, q }) as Tensor;
        return [dx, tf.mul(s2, s), s1];
      },
    };
  });
  const y = op(x, gamma, beta);
  const [mean, variance] = stats!;
  return { y, mean, variance };
}
