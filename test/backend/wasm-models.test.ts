import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../src/arch/types.js';
import { buildModel } from '../../src/train/index.js';
import { assertClose, setUp, values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

function arch(family: 'convmixer' | 'vit', extra: Partial<ArchSpec>): ArchSpec {
  return {
    family, inputShape: [8, 8, 1], classes: 3, width: 8, depth: 2, patch: 2,
    sharing: { assignment: {}, sets: {} }, init: 'scratch', hash: '', parentHash: '', label: `tiny ${family}`,
    ...extra,
  };
}

const tinyConvMixer = arch('convmixer', { kernel: 3 });
const tinyConvMixerK5 = arch('convmixer', { kernel: 5, pointwiseResidual: true, inputShape: [7, 7, 2], patch: 1, width: 6 });
const tinyVit = arch('vit', { heads: 2, mlpRatio: 2, patch: 4 });
const shared = (family: 'convmixer' | 'vit', init: ArchSpec['init'], extra: Partial<ArchSpec>): ArchSpec =>
  arch(family, {
    ...extra,
    init,
    label: `tiny shared ${family} fused by ${init}`,
    sharing: family === 'convmixer'
      ? { assignment: { depthwise: [0, 0], pointwise: [0, 0] }, sets: { depthwise: 1, pointwise: 1 } }
      : { assignment: { attention: [0, 0], mlp: [0, 0] }, sets: { attention: 1, mlp: 1 } },
  });
const fusedModels = [
  shared('convmixer', 'channel_weighted_mean', { kernel: 3 }),
  shared('convmixer', 'scalar_weighted_mean', { kernel: 3 }),
  shared('vit', 'mean', { heads: 2, mlpRatio: 2, patch: 4 }),
  shared('vit', 'channel_weighted_mean', { heads: 2, mlpRatio: 2, patch: 4 }),
];

/** Loss and the gradient of every trainable weight after `steps` Adam steps, on `backend`. */
async function trainAndGrad(backend: Backend, spec: ArchSpec, steps = 0): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const { model } = buildModel(spec, { seed: 7 });
  const [h, w, c] = spec.inputShape;
  const xs = tf.tensor4d(values([4, h, w, c], 11), [4, h, w, c]);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), spec.classes);
  const loss = (): tf.Scalar => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(ys, model.apply(xs, { training: true }) as tf.Tensor);
  const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const optimizer = tf.train.adam(0.01);
  for (let i = 0; i < steps; i++) tf.tidy(() => void optimizer.minimize(loss, false, variables));
  const { value, grads } = tf.variableGrads(loss, variables);
  const out = [Float32Array.from(value.dataSync()), ...variables.map((v) => Float32Array.from(grads[v.name]!.dataSync()))];
  tf.dispose([value, ...Object.values(grads), xs, ys]);
  optimizer.dispose();
  model.dispose();
  return out;
}

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
