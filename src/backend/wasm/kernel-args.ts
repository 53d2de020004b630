/** Small helpers the SIMD-module kernels share: the module itself, and a tensor as rows x last axis. */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';
import type { SimdKernels } from './simd.js';

/** The SIMD module of this backend; a kernel registered only where it binds calls this. */
export function requireSimd(args: KernelArgs, name: string): SimdKernels {
  const simd = simdKernels(args.backend);
  if (!simd) throw new Error(`${name} needs the SIMD kernel module, which cannot run on this wasm backend`);
  return simd;
}

/** [rows, cols] of a tensor seen as a matrix over its last axis. */
export const rowsCols = (x: TensorInfo): [number, number] => {
  const cols = x.shape[x.shape.length - 1]!;
  return [tf.util.sizeFromShape(x.shape) / cols, cols];
};
