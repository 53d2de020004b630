/** Tiny models of each family (plain, kernel 5, shared with weight fusion) and one short training of them, for the backend tests. */
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../src/arch/types.js';
import { buildModel } from '../../src/train/index.js';
import { values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

function arch(family: 'convmixer' | 'vit', extra: Partial<ArchSpec>): ArchSpec {
  return {
    family, inputShape: [8, 8, 1], classes: 3, width: 8, depth: 2, patch: 2,
    sharing: { assignment: {}, sets: {} }, init: 'scratch', hash: '', parentHash: '', label: `tiny ${family}`,
    ...extra,
  };
}

export const tinyConvMixer = arch('convmixer', { kernel: 3 });
export const tinyConvMixerK5 = arch('convmixer', { kernel: 5, pointwiseResidual: true, inputShape: [7, 7, 2], patch: 1, width: 6 });
export const tinyVit = arch('vit', { heads: 2, mlpRatio: 2, patch: 4 });
const shared = (family: 'convmixer' | 'vit', init: ArchSpec['init'], extra: Partial<ArchSpec>): ArchSpec =>
  arch(family, {
    ...extra,
    init,
    label: `tiny shared ${family} fused by ${init}`,
    sharing: family === 'convmixer'
      ? { assignment: { depthwise: [0, 0], pointwise: [0, 0] }, sets: { depthwise: 1, pointwise: 1 } }
      : { assignment: { attention: [0, 0], mlp: [0, 0] }, sets: { attention: 1, mlp: 1 } },
  });
export const fusedModels = [
  shared('convmixer', 'channel_weighted_mean', { kernel: 3 }),
  shared('convmixer', 'scalar_weighted_mean', { kernel: 3 }),
  shared('vit', 'mean', { heads: 2, mlpRatio: 2, patch: 4 }),
  shared('vit', 'channel_weighted_mean', { heads: 2, mlpRatio: 2, patch: 4 }),
];

/** Loss and the gradient of every trainable weight after `steps` Adam steps, on `backend`. */
export async function trainAndGrad(backend: Backend, spec: ArchSpec, steps = 0): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const { model } = buildModel(spec, { seed: 7 });
  const [h, w, c] = spec.inputShape;
  const xs = tf.tensor4d(values([4, h, w, c], 11), [4, h, w, c]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), spec.classes));
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

