/**
 * Erf on wasm (GELU's costly part): forward as a rational approximation in a JS loop (~2x
 * the stock kernel), gradient as one fused pass (dy * 2/sqrt(pi) * e^(-x^2)) instead of
 * five kernels. A fully fused GELU kernel measured no faster: wasm's own elementwise
 * multiply/add take ~0.6 ms per 1.6M elements; the transcendental functions dominate.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { call, f32 } from './heap.js';
import type { KernelArgs } from './heap.js';
import { TWO_OVER_SQRT_PI, erf, expNeg } from './math.js';

const ERF_GRAD = 'SpinErfGrad';

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
  for (let i = 0, n = out.length; i < n; i++) out[i] = erf(x![i]!);
}, 'Erf');

const erfGradKernel = elementwise(['x', 'dy'], ([x, dy], out) => {
  for (let i = 0, n = out.length; i < n; i++) {
    const v = x![i]!;
    out[i] = dy![i]! * TWO_OVER_SQRT_PI * expNeg(v * v);
  }
});

const onWasm = (): boolean => tf.getBackend() === 'wasm';

const run = (name: string, inputs: Record<string, Tensor>): Tensor =>
  tf.engine().runKernel<Tensor>(name, inputs, {});

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

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const erfKernels: KernelConfig[] = [wasm('Erf', erfKernel), wasm(ERF_GRAD, erfGradKernel)];
