import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { canBiasGeluBatchNorm } from '../../src/backend/wasm/bias-gelu-bn.js';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { spinBatchNorm } from '../../src/train/model/batchnorm.js';
import { BiasGeluBatchNorm } from '../../src/train/model/bias-gelu-bn.js';
import { SpinDepthwise, SpinPointwise } from '../../src/train/model/layers.js';
import { assertClose, setUp, values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

type Kind = 'depthwise' | 'pointwise';

function blockLayers(kind: Kind, fused: boolean): [tf.layers.Layer, tf.layers.Layer] {
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
async function trainOnce(backend: Backend, kind: Kind, fused: boolean, shape: number[]): Promise<Float32Array[]> {
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

const LABELS = ['y', 'dx', 'dkernel', 'dbias', 'dgamma', 'dbeta', 'moving mean', 'moving variance'];

describe('conv bias + GELU + BatchNorm fused on wasm', () => {
  before(setUp);

  it('runs on the wasm backend with the SIMD module and nowhere else', async () => {
    await tf.setBackend('cpu');
    assert.equal(canBiasGeluBatchNorm(), false);
    await tf.setBackend('wasm');
    assert.equal(canBiasGeluBatchNorm(), true, 'the SIMD module must bind to the wasm backend');
  });

  for (const variant of ['simd', 'relaxed'] as const) {
    for (const [kind, shape] of [
      ['depthwise', [2, 5, 5, 6]], ['depthwise', [1, 7, 3, 5]], ['depthwise', [3, 4, 4, 8]],
      ['pointwise', [1, 9, 11, 13]], ['pointwise', [2, 3, 5, 4]], ['depthwise', [4, 14, 14, 12]],
    ] as const) {
      it(`${variant}: ${kind} ${JSON.stringify(shape)} matches the unfused layers on cpu (output, gradients, moving statistics)`, async () => {
        forceSimdVariant(variant);
        try {
          const expected = await trainOnce('cpu', kind, false, [...shape]);
          const actual = await trainOnce('wasm', kind, true, [...shape]);
          expected.forEach((e, i) => assertClose(actual[i]!, e, 1e-5, `${LABELS[i]} ${kind} ${JSON.stringify(shape)}`));
        } finally {
          forceSimdVariant(undefined);
        }
      });
    }
  }

  it('trains with two passes each way (no separate bias add, GELU, moments or BatchNorm gradient) and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const [conv, norm] = blockLayers('depthwise', true);
    const x = tf.tensor(values([2, 4, 4, 8], 1), [2, 4, 4, 8]);
    const block = (t: tf.Tensor): tf.Tensor => norm.apply(conv.apply(t), { training: true }) as tf.Tensor;
    tf.dispose(block(x));
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(block(t)))(x));
    const names = profile.kernels.map((k) => k.name);
    for (const name of ['SpinBiasGeluMoments', 'SpinChannelAffine', 'SpinBatchNormSums', 'SpinBiasGeluBnGrad']) {
      assert.ok(names.includes(name), names.join(', '));
    }
    for (const name of ['SpinGelu', 'SpinGeluGrad', 'SpinChannelMoments', 'SpinChannelAffine2', 'FusedBatchNorm']) {
      assert.ok(!names.includes(name), names.join(', '));
    }
    tf.dispose(profile.result);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose(x);
    conv.dispose();
    norm.dispose();
  });

  it('infers with the moving statistics like the unfused layers', async () => {
    const shape = [2, 5, 5, 6];
    const infer = async (backend: Backend, fused: boolean): Promise<Float32Array> => {
      await tf.setBackend(backend);
      const [conv, norm] = blockLayers('depthwise', fused);
      const x = tf.tensor(values(shape, 2), shape);
      tf.dispose(norm.apply(conv.apply(x)) as tf.Tensor);
      conv.setWeights([tf.tensor(values([3, 3, 6, 1], 5), [3, 3, 6, 1]), tf.tensor1d(values([6], 6))]);
      norm.setWeights([tf.tensor1d(values([6], 7)), tf.tensor1d(values([6], 8)), tf.tensor1d(values([6], 9)), tf.tensor1d(values([6], 10)).abs().add(0.1)]);
      const y = norm.apply(conv.apply(x), { training: false }) as tf.Tensor;
      const out = Float32Array.from(y.dataSync());
      tf.dispose([x, y]);
      conv.dispose();
      norm.dispose();
      return out;
    };
    assertClose(await infer('wasm', true), await infer('cpu', false), 1e-5, 'inference');
    assertClose(await infer('cpu', true), await infer('cpu', false), 1e-6, 'inference on cpu');
  });
});
