/**
 * ConvMixer's conv bias + GELU + BatchNorm in training as one op with its own gradient, on
 * the SIMD module (assembly/fused.ts). Forward: bias add, GELU and the batch statistics in
 * one pass, then the normalise/affine pass (SpinChannelAffine). Backward: the two channel
 * sums of BatchNorm's gradient (SpinBatchNormSums, a full reduction the next pass needs),
 * then one pass for the input gradient through BatchNorm and GELU plus the bias gradient.
 * Unfused those are four passes each way: bias add, GELU, moments, affine forward; BatchNorm
 * sums, BatchNorm input gradient, GELU gradient, bias sum backward.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { batchNormSums } from './batchnorm-grad.js';
import { AFFINE } from './batchnorm-train.js';
import { offsetOf } from './heap.js';
import { requireSimd, rowsCols } from './kernel-args.js';
import type { KernelArgs, WasmBackend } from './heap.js';
import { simdKernels } from './simd.js';

const FORWARD = 'SpinBiasGeluMoments';
const BACKWARD = 'SpinBiasGeluBnGrad';

/** z [..., C], bias [C] -> g = gelu(z + bias), and g's per-channel mean and variance. */
const forwardKernel = ((args: KernelArgs): TensorInfo[] => {
  const simd = requireSimd(args, FORWARD);
  const { z, bias } = args.inputs;
  const [rows, cols] = rowsCols(z!);
  const { backend } = args;
  const g = backend.makeOutput(z!.shape, 'float32');
  const mean = backend.makeOutput([cols], 'float32');
  const variance = backend.makeOutput([cols], 'float32');
  // Float64 sums and sums of squares per channel (the module allocates nothing itself).
  const acc = backend.makeOutput([4 * cols], 'float32');
  const at = (t: TensorInfo): number => offsetOf(backend, t);
  simd.biasGeluMoments(at(z!), at(bias!), at(g), at(mean), at(variance), at(acc), rows, cols);
  backend.disposeData(acc.dataId);
  return [g, mean, variance];
}) as unknown as KernelFunc;

/** -> dz = gelu'(z + bias) (dy a + g p + q) and dbias = its channel sums. */
const backwardKernel = ((args: KernelArgs): TensorInfo[] => {
  const simd = requireSimd(args, BACKWARD);
  const { dy, z, bias, g, a, p, q } = args.inputs;
  const [rows, cols] = rowsCols(z!);
  const { backend } = args;
  const dz = backend.makeOutput(z!.shape, 'float32');
  const dbias = backend.makeOutput([cols], 'float32');
  // Float64 bias-gradient sums per channel, an even count (zeroed two at a time).
  const acc = backend.makeOutput([2 * (cols + (cols % 2))], 'float32');
  const at = (t: TensorInfo): number => offsetOf(backend, t);
  simd.biasGeluBnGrad(at(dy!), at(z!), at(bias!), at(g!), at(a!), at(p!), at(q!), at(dz), at(dbias), at(acc), rows, cols);
  backend.disposeData(acc.dataId);
  return [dz, dbias];
}) as unknown as KernelFunc;

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const biasGeluBatchNormKernels: KernelConfig[] = [wasm(FORWARD, forwardKernel), wasm(BACKWARD, backwardKernel)];

const run = (name: string, inputs: Record<string, Tensor>): Tensor[] =>
  tf.engine().runKernel(name, inputs, {}) as unknown as Tensor[];

/**
 * Whether the fused op can run on the active backend: the kernels are registered and the
 * SIMD module binds to its heap (SPIN_WASM_FUSED_BN=off turns it off, for comparisons).
 */
export function canBiasGeluBatchNorm(): boolean {
  if (process.env['SPIN_WASM_FUSED_BN'] === 'off' || !tf.getKernel(FORWARD, tf.getBackend())) return false;
  return simdKernels(tf.backend() as unknown as WasmBackend) !== undefined;
}

export interface BiasGeluBatchNormResult {
  y: Tensor;
  /** Batch statistics of gelu(z + bias), for the moving averages; the caller disposes them. */
  mean: Tensor;
  variance: Tensor;
}

/**
 * y = gamma (g - mean) / sqrt(variance + eps) + beta, g = gelu(z + bias), over the batch
 * statistics of the last axis, with the gradient for z, bias, gamma and beta. Call only
 * where canBiasGeluBatchNorm() and z is float32 of rank >= 2 with bias, gamma, beta [C].
 */
export function biasGeluBatchNorm(z: Tensor, bias: Tensor, gamma: Tensor, beta: Tensor, eps: number): BiasGeluBatchNormResult {
  let stats: [Tensor, Tensor] | undefined;
  const op = tf.customGrad((...args: unknown[]) => {
    const [zs, b, gm, bt, save] = args as [Tensor, Tensor, Tensor, Tensor, tf.GradSaveFunc];
    const [g, mean, variance] = run(FORWARD, { z: zs, bias: b }) as [Tensor, Tensor, Tensor];
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const a = tf.mul(gm, invStd);
    const shift = tf.sub(bt, tf.mul(mean, a));
    const y = tf.engine().runKernel<Tensor>(AFFINE, { x: g, a, b: shift }, {});
    stats = [tf.keep(mean), tf.keep(variance)];
    save([zs, b, g, mean, invStd, a]);
    return {
      value: y,
      gradFunc: (dyIn: Tensor | Tensor[], saved: Tensor[]) => {
        const [zSaved, bSaved, gSaved, m, s, scale] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
        const dy = dyIn as Tensor;
        const n = gSaved.size / m.size;
        const [s1, s2] = batchNormSums(gSaved, dy, m)!;
        // BatchNorm's input gradient a (dy - s1/n - (g - m) s^2 s2/n) = dy a + g p + q.
        const p = tf.mul(tf.neg(scale), tf.mul(tf.square(s), tf.div(s2, n)));
        const q = tf.sub(tf.mul(tf.neg(scale), tf.div(s1, n)), tf.mul(p, m));
        const [dz, dbias] = run(BACKWARD, { dy, z: zSaved, bias: bSaved, g: gSaved, a: scale, p, q }) as [Tensor, Tensor];
        return [dz, dbias, tf.mul(s2, s), s1];
      },
    };
  });
  const y = op(z, bias, gamma, beta);
  const [mean, variance] = stats!;
  return { y, mean, variance };
}
