/** One ConvMixer block's conv -> (bias, GELU, BatchNorm), trained fused or unfused, for the kernel tests. */
import * as tf from '@tensorflow/tfjs';
import { spinBatchNorm } from '../../src/train/model/batchnorm.js';
import { BiasGeluBatchNorm } from '../../src/train/model/bias-gelu-bn.js';
import { SpinDepthwise, SpinPointwise } from '../../src/train/model/layers.js';
import { values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

export type Kind = 'depthwise' | 'pointwise';

export function blockLayers(kind: Kind, fused: boolean): [tf.layers.Layer, tf.layers.Layer] {
  const cfg = { name: kind, members: 1, mode: 'none' as const, seed: 1, memberLayers: [0], deferBias: fused };
  const conv = kind === 'depthwise' ? new SpinDepthwise({ ...cfg, kernelSize: 3 }) : new SpinPointwise(cfg);
  const norm = fused
    ? new BiasGeluBatchNorm({ name: 'bn', momentum: 0.9, epsilon: 1e-5 })
    : spinBatchNorm({ axis: -1, momentum: 0.9, epsilon: 1e-5, name: 'bn' });
  return [conv, norm];
}

/**
 * Three training calls of a conv -> (bias, GELU, BatchNorm) block on `backend`, unfused
 * (the component layer's bias + GELU, then BatchNorm) or fused (deferred bias into a
 * BiasGeluBatchNorm): the output, the gradients of sum(y * r) for the input, the conv
 * kernel and bias, gamma and beta, and the moving mean and variance after the updates.
 */
export async function trainOnce(backend: Backend, kind: Kind, fused: boolean, shape: number[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const c = shape[shape.length - 1]!;
  const [conv, norm] = blockLayers(kind, fused);
  const block = (t: tf.Tensor): tf.Tensor => norm.apply(conv.apply(t), { training: true }) as tf.Tensor;
  const x = tf.tensor(Float32Array.from(values(shape, 3), (v, i) => v * 2 + (i % c) * 0.1), shape);
  tf.dispose(block(x));
  const kernelShape = conv.weights[0]!.shape as number[];
  conv.setWeights([tf.tensor(values(kernelShape, 5), kernelShape), tf.tensor1d(values([c], 6))]);
  norm.setWeights([tf.tensor1d(values([c], 7)).add(1.5), tf.tensor1d(values([c], 8)), tf.tensor1d(values([c], 9)), tf.tensor1d(values([c], 10)).abs()]);
  const r = tf.tensor(values(shape, 4), shape);
  const vars = [...conv.trainableWeights, ...norm.trainableWeights].map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(block(x), r)), vars);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(block(t), r)))(x);
  const y = block(x);
  const moving = norm.getWeights().slice(2).map((w) => Float32Array.from(w.dataSync()));
  const out = [y, dx, ...vars.map((v) => grads[v.name]!)].map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([value, dx, y, x, r, ...Object.values(grads)]);
  conv.dispose();
  norm.dispose();
  return [...out, ...moving];
}

export const LABELS = ['y', 'dx', 'dkernel', 'dbias', 'dgamma', 'dbeta', 'moving mean', 'moving variance'];

