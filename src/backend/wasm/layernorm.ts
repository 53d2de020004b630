/**
 * LayerNorm over the last axis as two wasm kernels on the SIMD module
 * (assembly/layernorm.ts): the forward (row moments and normalise, one pass, keeping the
 * row mean and 1/std) and the full gradient (input, gamma and beta in one pass). The
 * stock layer runs moments, four tiles and batchNormalization forward, and their autodiff
 * backward: some twenty full-size passes.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { offsetOf } from './heap.js';
import { requireSimd, rowsCols } from './kernel-args.js';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';

const FORWARD = 'SpinLayerNorm';
const BACKWARD = 'SpinLayerNormGrad';

const forwardKernel = ((args: KernelArgs): TensorInfo[] => {
  const simd = requireSimd(args, FORWARD);
  const { x, gamma, beta } = args.inputs;
  const [rows, cols] = rowsCols(x!);
  const { backend } = args;
  const y = backend.makeOutput(x!.shape, 'float32');
  const mean = backend.makeOutput([rows], 'float32');
  const rstd = backend.makeOutput([rows], 'float32');
  const at = (t: TensorInfo): number => offsetOf(backend, t);
  simd.layerNorm(at(x!), at(gamma!), at(beta!), at(y), at(mean), at(rstd), rows, cols, args.attrs['epsilon'] as number);
  return [y, mean, rstd];
}) as unknown as KernelFunc;

const backwardKernel = ((args: KernelArgs): TensorInfo[] => {
  const simd = requireSimd(args, BACKWARD);
  const { x, dy, gamma, mean, rstd } = args.inputs;
  const [rows, cols] = rowsCols(x!);
  const { backend } = args;
  const dx = backend.makeOutput(x!.shape, 'float32');
  const dgamma = backend.makeOutput([cols], 'float32');
  const dbeta = backend.makeOutput([cols], 'float32');
  const at = (t: TensorInfo): number => offsetOf(backend, t);
  simd.layerNormGrad(at(x!), at(dy!), at(gamma!), at(mean!), at(rstd!), at(dx), at(dgamma), at(dbeta), rows, cols);
  return [dx, dgamma, dbeta];
}) as unknown as KernelFunc;

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const layerNormKernels: KernelConfig[] = [wasm(FORWARD, forwardKernel), wasm(BACKWARD, backwardKernel)];

/**
 * Whether layerNormLastAxis can run here: the active backend has the kernels and they can
 * bind to its heap, and x is float32.
 */
export function canLayerNorm(x: Tensor): boolean {
  if (x.dtype !== 'float32' || x.rank < 1 || !tf.getKernel(FORWARD, tf.getBackend())) return false;
  return simdKernels(tf.backend() as unknown as KernelArgs['backend']) !== undefined;
}

/**
 * y = gamma (x - mean) / sqrt(var + eps) + beta with the moments of each row of the last
 * axis (gamma and beta: [C]), and its gradient for x, gamma and beta. Call only where
 * canLayerNorm(x).
 */
export function layerNormLastAxis(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xs, g, b, save] = args as [Tensor, Tensor, Tensor, tf.GradSaveFunc];
    const [y, mean, rstd] = tf.engine().runKernel<Tensor[]>(FORWARD, { x: xs, gamma: g, beta: b }, { epsilon });
    save([xs, g, mean!, rstd!]);
    return {
      value: y!,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [xSaved, gSaved, m, s] = saved as [Tensor, Tensor, Tensor, Tensor];
        return tf.engine().runKernel<Tensor[]>(BACKWARD, { x: xSaved, dy: dy as Tensor, gamma: gSaved, mean: m, rstd: s }, {});
      },
    };
  });
  return op(x, gamma, beta);
}
