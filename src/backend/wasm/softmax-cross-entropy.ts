/**
 * The training loss, mean over the batch of softmax cross-entropy of logits [rows, classes]
 * against labels of the same shape, as one kernel forward and one for the logits gradient
 * (wasm only). tf.losses.softmaxCrossEntropy runs ~12 kernels forward (log-sum-exp, sub,
 * mul, neg, sum, mean) and ~8 backward. Both kernels subtract each row's maximum before
 * exponentiating, so large logits neither overflow nor lose the loss to cancellation.
 * The loops run in the SIMD module (assembly/cross-entropy.ts), else in JS here.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, Scalar, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { f32, offsetOf } from './heap.js';
import type { KernelArgs, WasmBackend } from './heap.js';
import { simdKernels } from './simd.js';

export const SPIN_SOFTMAX_CE = 'SpinSoftmaxCrossEntropy';
const SPIN_SOFTMAX_CE_GRAD = 'SpinSoftmaxCrossEntropyGrad';

function matrices(args: KernelArgs): { logits: TensorInfo; labels: TensorInfo; rows: number; cols: number } {
  const logits = args.inputs['logits']!;
  const labels = args.inputs['labels']!;
  if (logits.dtype !== 'float32' || labels.dtype !== 'float32' || logits.shape.length !== 2 ||
    logits.shape.join() !== labels.shape.join()) {
    throw new Error(`${SPIN_SOFTMAX_CE} needs float32 logits and labels of one [rows, classes] shape, ` +
      `got ${logits.dtype} [${logits.shape.join(', ')}] and ${labels.dtype} [${labels.shape.join(', ')}]`);
  }
  return { logits, labels, rows: logits.shape[0]!, cols: logits.shape[1]! };
}

/** Row r's maximum and sum of e^(x - max), for the JS loops. */
function rowStats(x: Float32Array, start: number, cols: number): { max: number; sum: number } {
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, x[start + j]!);
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += Math.exp(x[start + j]! - max);
  return { max, sum };
}

function lossSum(backend: WasmBackend, logits: TensorInfo, labels: TensorInfo, rows: number, cols: number): number {
  const simd = simdKernels(backend);
  if (simd) return simd.softmaxCrossEntropy(offsetOf(backend, logits), offsetOf(backend, labels), rows, cols);
  const x = f32(backend, logits);
  const l = f32(backend, labels);
  let total = 0;
  for (let r = 0, start = 0; r < rows; r++, start += cols) {
    const { max, sum } = rowStats(x, start, cols);
    const lse = Math.log(sum);
    for (let j = 0; j < cols; j++) total += l[start + j]! * (lse - (x[start + j]! - max));
  }
  return total;
}

const lossKernel = ((args: KernelArgs): TensorInfo => {
  const { backend } = args;
  const { logits, labels, rows, cols } = matrices(args);
  const total = lossSum(backend, logits, labels, rows, cols);
  const out = backend.makeOutput([], 'float32');
  f32(backend, out)[0] = rows > 0 ? total / rows : NaN;
  return out;
}) as unknown as KernelFunc;

const gradKernel = ((args: KernelArgs): TensorInfo => {
  const { backend } = args;
  const { logits, labels, rows, cols } = matrices(args);
  const dy = args.inputs['dy']!;
  const out = backend.makeOutput([rows, cols], 'float32');
  const scale = f32(backend, dy)[0]! / rows;
  const simd = simdKernels(backend);
  if (simd) {
    simd.softmaxCrossEntropyGrad(offsetOf(backend, logits), offsetOf(backend, labels), offsetOf(backend, out), rows, cols, scale);
    return out;
  }
  const x = f32(backend, logits);
  const l = f32(backend, labels);
  const dx = f32(backend, out);
  for (let r = 0, start = 0; r < rows; r++, start += cols) {
    const { max, sum } = rowStats(x, start, cols);
    for (let j = 0; j < cols; j++) dx[start + j] = scale * (Math.exp(x[start + j]! - max) / sum - l[start + j]!);
  }
  return out;
}) as unknown as KernelFunc;

export const softmaxCrossEntropyGradient: GradConfig = {
  kernelName: SPIN_SOFTMAX_CE,
  inputsToSave: ['logits', 'labels'],
  gradFunc: (dy, saved) => {
    const [logits, labels] = saved as [Tensor, Tensor];
    return {
      logits: () => tf.engine().runKernel<Tensor>(SPIN_SOFTMAX_CE_GRAD, { logits, labels, dy: dy as Tensor }, {}),
      // Not needed for training (labels are data); d loss / d l = -log softmax(x) / rows.
      labels: () => tf.mul(tf.neg(tf.logSoftmax(logits)), tf.div(dy as Tensor, logits.shape[0])),
    };
  },
};

const wasm = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc });

export const softmaxCrossEntropyKernels: KernelConfig[] = [wasm(SPIN_SOFTMAX_CE, lossKernel), wasm(SPIN_SOFTMAX_CE_GRAD, gradKernel)];

/**
 * Mean over rows of the softmax cross-entropy (tf.losses.softmaxCrossEntropy with its
 * defaults) through the fused kernels where the active backend has them, else tfjs's own.
 */
export function fusedSoftmaxCrossEntropy(labels: Tensor, logits: Tensor): Scalar {
  if (logits.rank !== 2 || logits.dtype !== 'float32' || !tf.getKernel(SPIN_SOFTMAX_CE, tf.getBackend())) {
    return tf.losses.softmaxCrossEntropy<Tensor, Scalar>(labels, logits);
  }
  tf.util.assertShapesMatch(labels.shape, logits.shape, 'softmax cross-entropy labels vs logits: ');
  return tf.tidy(() => {
    const l = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
    return tf.engine().runKernel<Scalar>(SPIN_SOFTMAX_CE, { logits, labels: l }, {});
  });
}
