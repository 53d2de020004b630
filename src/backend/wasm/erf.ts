/**
 * Erf on wasm (the layers' built-in 'gelu' activation, e.g. the ConvMixer stem): forward as
 * a rational approximation, gradient as one fused pass (dy * 2/sqrt(pi) * e^(-x^2)) instead
 * of five kernels; on the SIMD module (assembly/gelu.ts) where it binds, else JS loops.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { call, f32, offsetOf } from './heap.js';
import type { KernelArgs } from './heap.js';
import { TWO_OVER_SQRT_PI, erf, expNeg } from './math.js';
import { simdKernels } from './simd.js';

const ERF_GRAD = 'SpinErfGrad';

/**
 * A float32 elementwise kernel over inputs of one shape, on the SIMD module's `vector`
 * where it binds, else `body`; other dtypes go to `fallback`.
 */
function elementwise(
  names: string[],
  vector: 'erf' | 'erfGrad',
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
    const simd = simdKernels(backend);
    if (simd) {
      const [a, b, c] = [...infos, out].map((i) => offsetOf(backend, i)) as [number, number, number?];
      const size = tf.util.sizeFromShape(out.shape);
      if (vector === 'erf') simd.erf(a, b, size);
      else simd.erfGrad(a, b, c!, size);
      return out;
    }
    body(infos.map((i) => f32(backend, i)), f32(backend, out));
    return out;
  }) as unknown as KernelFunc;
}

const erfKernel = elementwise(['x'], 'erf', ([x], out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = erf(x![i]!);
}, 'Erf');

const erfGradKernel = elementwise(['x', 'dy'], 'erfGrad', ([x, dy], out) => {
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
