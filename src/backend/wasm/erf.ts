/**
 * GELU on wasm. Transparently: Erf as a JS loop and its gradient as one fused pass
 * (dy * 2/sqrt(pi) * e^(-x^2)) instead of five kernels. And `gelu(x)`, an op for model
 * code: one kernel forward and one backward on wasm (the composite form on other backends).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { call, f32 } from './heap.js';
import type { KernelArgs } from './heap.js';
import { TWO_OVER_SQRT_PI, erf, expNonPositive } from './math.js';

const ERF_GRAD = 'SpinErfGrad';
const GELU = 'SpinGelu';
const GELU_GRAD = 'SpinGeluGrad';
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** A float32 elementwise kernel over inputs of one shape; other dtypes go to `fallback`. */
function elementwise(
  names: string[],
  body: (inputs: Float32Array[], out: Float32Array) => void,
  fallback?: string,
): KernelFunc {
  return ((args: KernelArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const infos = names.map((n) => inputs[n]!);
    if (infos.some((i) => i.dtype !== 'float32')) {
      if (!fallback) throw new Error(`${names.join(', ')} must be float32`);
      return call(fallback, backend, inputs, attrs);
    }
    const out = backend.makeOutput(infos[0]!.shape, 'float32');
    body(infos.map((i) => f32(backend, i)), f32(backend, out));
    return out;
  }) as unknown as KernelFunc;
}

const erfKernel = elementwise(['x'], ([x], out) => {
  for (let i = 0; i < out.length; i++) out[i] = erf(x![i]!);
}, 'Erf');

const erfGradKernel = elementwise(['x', 'dy'], ([x, dy], out) => {
  for (let i = 0; i < out.length; i++) {
    const v = x![i]!;
    out[i] = dy![i]! * TWO_OVER_SQRT_PI * expNonPositive(-v * v);
  }
});

/** gelu(x) = x * Phi(x), Phi the standard normal CDF. */
const geluKernel = elementwise(['x'], ([x], out) => {
  for (let i = 0; i < out.length; i++) {
    const v = x![i]!;
    out[i] = 0.5 * v * (1 + erf(v * Math.SQRT1_2));
  }
});

/** gelu'(x) = Phi(x) + x phi(x). */
const geluGradKernel = elementwise(['x', 'dy'], ([x, dy], out) => {
  for (let i = 0; i < out.length; i++) {
    const v = x![i]!;
    const cdf = 0.5 * (1 + erf(v * Math.SQRT1_2));
    out[i] = dy![i]! * (cdf + v * INV_SQRT_2PI * expNonPositive(-0.5 * v * v));
  }
});

const onWasm = (): boolean => tf.getBackend() === 'wasm';

const run = (name: string, inputs: Record<string, Tensor>): Tensor =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, {}) as Tensor;

export const erfGradient: GradConfig = {
  kernelName: 'Erf',
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [Tensor];
    return {
      x: () =>
        onWasm()
          ? run(ERF_GRAD, { x, dy: dy as Tensor })
          : tf.mul(dy as Tensor, tf.mul(tf.exp(tf.neg(tf.square(x))), TWO_OVER_SQRT_PI)),
    };
  },
};

export const geluGradient: GradConfig = {
  kernelName: GELU,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [Tensor];
    return { x: () => run(GELU_GRAD, { x, dy: dy as Tensor }) };
  },
};

/** GELU, exact form x * Phi(x): fused kernels on wasm once installed, tf ops elsewhere. */
export function gelu(x: Tensor): Tensor {
  if (onWasm() && tf.getKernel(GELU, 'wasm') !== undefined && x.dtype === 'float32') return run(GELU, { x });
  return tf.tidy(() => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))))));
}

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const geluKernels: KernelConfig[] = [
  wasm('Erf', erfKernel),
  wasm(ERF_GRAD, erfGradKernel),
  wasm(GELU, geluKernel),
  wasm(GELU_GRAD, geluGradKernel),
];
