/**
 * The Adam update of one variable as one kernel (SpinAdam, wasm only): weights, first and
 * second moments in a single pass instead of tfjs's ~10 elementwise kernels per variable,
 * each a full pass with its own output. Used by FusedAdamOptimizer (adam-optimizer.ts).
 *
 * Inputs x (the variable), g (its gradient), m, v (the optimizer's moments). m and v are
 * written in place: the optimizer owns them and never hands them out. The new weights go
 * to a fresh output that the optimizer assigns to the variable, as tf.train.adam does.
 * Writing them in place is not safe, though nothing else holds the variable's data: the
 * backend's XNNPACK conv and matmul operators pack their weights once and cache them by
 * the weights' data id (Conv2D.js, _FusedMatMul.js pass that id). Seen here: after an
 * in-place write, conv2d with the variable differed from conv2d with a copy of its values
 * (by 16.6 on a 3x3x3x4 filter) and equalled conv2d with the old ones, and a ConvMixer
 * trained with in-place updates learned far slower. A fresh data id per step makes the
 * backend re-pack; Reshape, Identity and Cast views of the old data keep the old values.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { f32, offsetOf } from './heap.js';
import type { KernelArgs } from './heap.js';
import { simdKernels } from './simd.js';

export const SPIN_ADAM = 'SpinAdam';

/** The step's scalars, computed once per step by the optimizer (float32 values). */
export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** 1 - beta1^t and 1 - beta2^t at step t (bias correction). */
  c1: number;
  c2: number;
  epsilon: number;
}

function adamLoop(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array, a: AdamAttrs): void {
  const a1 = Math.fround(1 - a.beta1);
  const a2 = Math.fround(1 - a.beta2);
  for (let i = 0, n = out.length; i < n; i++) {
    const gi = g[i]!;
    const mi = (m[i] = m[i]! * a.beta1 + gi * a1);
    const vi = (v[i] = v[i]! * a.beta2 + gi * gi * a2);
    out[i] = (mi / a.c1 / (Math.sqrt(vi / a.c2) + a.epsilon)) * -a.learningRate + x[i]!;
  }
}

const adamKernel = ((args: KernelArgs): TensorInfo => {
  const { backend } = args;
  const [x, g, m, v] = (['x', 'g', 'm', 'v'] as const).map((name) => args.inputs[name]!);
  const size = tf.util.sizeFromShape(x!.shape);
  for (const info of [x!, g!, m!, v!]) {
    if (info.dtype !== 'float32' || tf.util.sizeFromShape(info.shape) !== size) {
      throw new Error(`${SPIN_ADAM} needs float32 inputs of ${size} values, got ${info.dtype} [${info.shape.join(', ')}]`);
    }
  }
  const attrs = args.attrs as unknown as AdamAttrs;
  const out = backend.makeOutput(x!.shape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    const f = Math.fround;
    const at = (info: TensorInfo): number => offsetOf(backend, info);
    simd.adam(at(x!), at(g!), at(m!), at(v!), at(out), size, attrs.learningRate, attrs.beta1, f(1 - attrs.beta1),
      attrs.beta2, f(1 - attrs.beta2), attrs.c1, attrs.c2, attrs.epsilon);
  } else {
    adamLoop(f32(backend, x!), f32(backend, g!), f32(backend, m!), f32(backend, v!), f32(backend, out), attrs);
  }
  return out;
}) as unknown as KernelFunc;

export const adamKernelConfig: KernelConfig = { kernelName: SPIN_ADAM, backendName: 'wasm', kernelFunc: adamKernel };
