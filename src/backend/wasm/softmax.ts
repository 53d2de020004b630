/**
 * Softmax over the last axis with a scale folded in, softmax(scale x), as one wasm kernel
 * forward and one backward on the SIMD module (assembly/softmax.ts), for the attention
 * scores. The composed form costs the scale multiply and the stock Softmax forward, and
 * four elementwise passes and a sum backward (the stock Softmax gradient, then the
 * multiply's), each with a saved full-size temporary.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { offsetOf } from './heap.js';
import { rowsCols } from './kernel-args.js';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';

/** The fused kernels' names; they exist on the wasm backend only. */
export const SPIN_SOFTMAX = 'SpinSoftmax';
const SPIN_SOFTMAX_GRAD = 'SpinSoftmaxGrad';

function bound(args: KernelArgs, name: string): NonNullable<ReturnType<typeof simdKernels>> {
  const simd = simdKernels(args.backend);
  if (!simd) throw new Error(`${name} needs the SIMD kernel module, which cannot run on this wasm backend`);
  return simd;
}

const softmaxKernel = ((args: KernelArgs): TensorInfo => {
  const simd = bound(args, SPIN_SOFTMAX);
  const x = args.inputs['x']!;
  const out = args.backend.makeOutput(x.shape, 'float32');
  const [rows, cols] = rowsCols(x);
  simd.softmax(offsetOf(args.backend, x), offsetOf(args.backend, out), rows, cols, args.attrs['scale'] as number);
  return out;
}) as unknown as KernelFunc;

const softmaxGradKernel = ((args: KernelArgs): TensorInfo => {
  const simd = bound(args, SPIN_SOFTMAX_GRAD);
  const { y, dy } = args.inputs;
  const out = args.backend.makeOutput(y!.shape, 'float32');
  const [rows, cols] = rowsCols(y!);
  const at = (t: TensorInfo): number => offsetOf(args.backend, t);
  simd.softmaxGrad(at(y!), at(dy!), at(out), rows, cols, args.attrs['scale'] as number);
  return out;
}) as unknown as KernelFunc;

export const softmaxGradient: GradConfig = {
  kernelName: SPIN_SOFTMAX,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [y] = saved as [Tensor];
    return {
      x: () => tf.engine().runKernel<Tensor>(SPIN_SOFTMAX_GRAD, { y, dy: dy as Tensor }, { scale: attrs['scale'] as number }),
    };
  },
};

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const softmaxKernels: KernelConfig[] = [wasm(SPIN_SOFTMAX, softmaxKernel), wasm(SPIN_SOFTMAX_GRAD, softmaxGradKernel)];

/**
 * softmax(scale x) over the last axis (scale > 0): one fused kernel where the active
 * backend has it and it can bind to the heap (wasm after installWasmKernels), else the
 * stock ops.
 */
export function scaledSoftmax(x: Tensor, scale: number): Tensor {
  if (!(scale > 0)) throw new Error(`scaledSoftmax: scale must be > 0, got ${scale}`);
  const fused = x.dtype === 'float32' && x.rank >= 1 && tf.getKernel(SPIN_SOFTMAX, tf.getBackend()) !== undefined
    && simdKernels(tf.backend() as unknown as KernelArgs['backend']) !== undefined;
  if (!fused) return tf.softmax(scale === 1 ? x : tf.mul(x, scale));
  return tf.engine().runKernel<Tensor>(SPIN_SOFTMAX, { x }, { scale });
}
