import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { fusedModels, tinyConvMixer, tinyConvMixerK5, tinyVit, trainAndGrad } from './tiny-models.js';
import { assertClose, setUp } from './wasm-compare.js';

describe('training the models on wasm', () => {
  before(setUp);

  for (const spec of [tinyConvMixer, tinyConvMixerK5, tinyVit, ...fusedModels]) {
    it(`gives the same loss and weight gradients as the cpu backend for ${spec.label}${spec.kernel ? ` (kernel ${spec.kernel})` : ''}`, async () => {
      const expected = await trainAndGrad('cpu', spec);
      const actual = await trainAndGrad('wasm', spec);
      assert.equal(actual.length, expected.length);
      assert.ok(expected.length > 4, 'the model has trainable weights');
      expected.forEach((e, i) => assertClose(actual[i]!, e, 1e-4, `${spec.label}: ${i === 0 ? 'loss' : `gradient ${i}`}`));
    });
  }

  it('trains a ConvMixer identically twice on wasm and close to the cpu backend after 3 Adam steps', async () => {
    const first = await trainAndGrad('wasm', tinyConvMixer, 3);
    const second = await trainAndGrad('wasm', tinyConvMixer, 3);
    first.forEach((v, i) => assert.deepEqual(second[i], v, `run-to-run difference in output ${i}`));
    const cpu = await trainAndGrad('cpu', tinyConvMixer, 3);
    assertClose(first[0]!, cpu[0]!, 1e-3, 'loss after 3 steps');
  });

  it('frees every intermediate buffer its kernels allocate on the wasm heap', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().backend;
    const untracked = (): number => backend.numDataIds() - tf.memory().numTensors;
    await trainAndGrad('wasm', tinyConvMixer, 2); // warms tfjs's own caches
    const before = untracked();
    await trainAndGrad('wasm', tinyConvMixer, 2);
    await trainAndGrad('wasm', tinyVit, 1);
    assert.equal(untracked(), before);
  });
});
