/**
 * GELU (exact erf form) as one wasm kernel forward and one backward, for the model layers
 * (layers.ts). The composed form costs five elementwise kernels forward and six backward,
 * each a full pass and a saved temporary. The backward pass reads Phi(x) back from the
 * saved output (y / x) instead of recomputing erf: y is x * Phi(x) rounded to float32, so
 * y / x carries the same relative error as a float32 Phi. The loops run in the SIMD module
 * (assembly/gelu.ts) where it can run on the backend's heap, else in JS here.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { f32, offsetOf } from './heap.js';
import type { KernelArgs } from './heap.js';
import { erf, expNeg } from './math.js';
import { simdKernels } from './simd.js';

/** The fused kernels' names; `SPIN_GELU` exists on the wasm backend only. */
export const SPIN_GELU = 'SpinGelu';
const SPIN_GELU_GRAD = 'SpinGeluGrad';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function float32Inputs(args: KernelArgs, names: string[]): TensorInfo[] {
  const infos = names.map((n) => args.inputs[n]!);
  for (const info of infos) {
    if (info.dtype !== 'float32') throw new Error(`${SPIN_GELU} needs float32 input, got ${info.dtype}`);
  }
  return infos;
}

const geluKernel = ((args: KernelArgs): TensorInfo => {
  const { backend } = args;
  const [xInfo] = float32Inputs(args, ['x']);
  const out = backend.makeOutput(xInfo!.shape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    simd.gelu(offsetOf(backend, xInfo!), offsetOf(backend, out), tf.util.sizeFromShape(out.shape));
    return out;
  }
  const x = f32(backend, xInfo!);
  const y = f32(backend, out);
  for (let i = 0, n = y.length; i < n; i++) {
    const v = x[i]!;
    y[i] = 0.5 * v * (1 + erf(v * Math.SQRT1_2));
  }
  return out;
}) as unknown as KernelFunc;

/** dx = dy * (Phi(x) + x phi(x)), Phi(x) = y / x (0.5 at x ~ 0). */
function geluGradLoop(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0, n = dx.length; i < n; i++) {
    const v = x[i]!;
    const cdf = Math.abs(v) > 1e-30 ? y[i]! / v : 0.5;
    dx[i] = dy[i]! * (cdf + v * INV_SQRT_2PI * expNeg(0.5 * v * v));
  }
}

const geluGradKernel = ((args: KernelArgs): TensorInfo => {
  const { backend } = args;
  const [xInfo] = float32Inputs(args, ['x', 'y', 'dy']);
  const out = backend.makeOutput(xInfo!.shape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    const at = (name: string): number => offsetOf(backend, args.inputs[name]!);
    simd.geluGrad(at('x'), at('y'), at('dy'), offsetOf(backend, out), tf.util.sizeFromShape(out.shape));
    return out;
  }
  geluGradLoop(f32(backend, xInfo!), f32(backend, args.inputs['y']!), f32(backend, args.inputs['dy']!), f32(backend, out));
  return out;
}) as unknown as KernelFunc;

export const geluGradient: GradConfig = {
  kernelName: SPIN_GELU,
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [x, y] = saved as [Tensor, Tensor];
    return {
      x: () => tf.engine().runKernel<Tensor>(SPIN_GELU_GRAD, { x, y, dy: dy as Tensor }, {}),
    };
  },
};

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const geluKernels: KernelConfig[] = [wasm(SPIN_GELU, geluKernel), wasm(SPIN_GELU_GRAD, geluGradKernel)];

/**
 * GELU through the fused kernel where the active backend has it (wasm after
 * installWasmKernels), else `fallback` (the composed form).
 */
export function fusedGelu(x: Tensor, fallback: (x: Tensor) => Tensor): Tensor {
  if (x.dtype !== 'float32' || !tf.getKernel(SPIN_GELU, tf.getBackend())) return fallback(x);
  return tf.engine().runKernel<Tensor>(SPIN_GELU, { x }, {});
}
