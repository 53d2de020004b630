import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { canBiasGeluBatchNorm } from '../../src/backend/wasm/bias-gelu-bn.js';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { blockLayers, LABELS, trainOnce } from './fused-block.js';
import { assertClose, setUp, values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

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
