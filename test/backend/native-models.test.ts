/**
 * Whole models on the native backend: loss and every weight gradient like the cpu backend
 * (plain, kernel 5 with the pointwise residual, ViT, weight-fusion models), run to run
 * identical, and no leaks: the tensor count and the wasm heap's buffers stay steady.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { nativeCalls, nativeKernelsProblem, useNativeKernels } from '../../src/backend/onednn/index.js';
import { missing } from '../helpers.js';
import { fusedModels, tinyConvMixer, tinyConvMixerK5, tinyVit, trainAndGrad } from './tiny-models.js';
import { assertClose, setUp } from './wasm-compare.js';

const skip = missing('the native kernels', nativeKernelsProblem() === null, `${nativeKernelsProblem()}`);

describe('training the models on the native backend', { skip }, () => {
  before(async () => {
    await setUp();
    useNativeKernels(true);
  });
  after(() => useNativeKernels(false));

  for (const spec of [tinyConvMixer, tinyConvMixerK5, tinyVit, ...fusedModels]) {
    it(`gives the same loss and weight gradients as the cpu backend for ${spec.label}${spec.kernel ? ` (kernel ${spec.kernel})` : ''}`, async () => {
      const expected = await trainAndGrad('cpu', spec);
      nativeCalls.clear();
      const actual = await trainAndGrad('wasm', spec);
      assert.ok((nativeCalls.get('gemm') ?? 0) > 0, 'the native GEMM ran');
      assert.ok(expected.length > 4, 'the model has trainable weights');
      expected.forEach((e, i) => assertClose(actual[i]!, e, 1e-4, `${spec.label}: ${i === 0 ? 'loss' : `gradient ${i}`}`));
    });
  }

  it('trains a ConvMixer identically twice and close to the cpu backend after 3 Adam steps', async () => {
    const first = await trainAndGrad('wasm', tinyConvMixer, 3);
    const second = await trainAndGrad('wasm', tinyConvMixer, 3);
    first.forEach((v, i) => assert.deepEqual(second[i], v, `run-to-run difference in output ${i}`));
    const cpu = await trainAndGrad('cpu', tinyConvMixer, 3);
    assertClose(first[0]!, cpu[0]!, 1e-3, 'loss after 3 steps');
  });

  it('leaks no tensor and frees every buffer its kernels allocate on the wasm heap', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().backend;
    const untracked = (): number => backend.numDataIds() - tf.memory().numTensors;
    await trainAndGrad('wasm', tinyConvMixer, 2); // warms tfjs's own caches
    await trainAndGrad('wasm', tinyVit, 1);
    const [tensors, buffers] = [tf.memory().numTensors, untracked()];
    nativeCalls.clear();
    await trainAndGrad('wasm', tinyConvMixer, 2);
    await trainAndGrad('wasm', tinyVit, 1);
    assert.ok((nativeCalls.get('depthwiseFilterGrad') ?? 0) > 0 && (nativeCalls.get('gemm') ?? 0) > 0, 'native kernels ran');
    assert.equal(tf.memory().numTensors, tensors, 'tensors');
    assert.equal(untracked(), buffers, 'untracked heap buffers');
  });
});
