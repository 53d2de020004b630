import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../src/arch/types.js';
import { buildModel } from '../../src/train/index.js';
import { vit } from '../train/archs.js';
import { assertClose, setUp, values } from './wasm-compare.js';

const spec: ArchSpec = vit({ width: 12, depth: 2, patch: 7, heads: 3, mlpRatio: 2 });

describe('the ViT on the wasm backend', () => {
  before(setUp);

  it('trains on the fused LayerNorm, softmax and GELU kernels, not the stock ones', async () => {
    await tf.setBackend('wasm');
    const { model } = buildModel(spec, { seed: 3 });
    const xs = tf.tensor4d(values([2, 28, 28, 1], 5), [2, 28, 28, 1]);
    const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.apply(xs, { training: true }) as tf.Tensor)), variables);
      return [value, ...Object.values(grads)];
    });
    const counts = new Map<string, number>();
    for (const k of profile.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
    // Two LayerNorms per block and the final one; one attention and one MLP per block.
    const norms = 2 * spec.depth + 1;
    assert.equal(counts.get('SpinLayerNorm'), norms);
    assert.equal(counts.get('SpinLayerNormGrad'), norms);
    for (const name of ['SpinSoftmax', 'SpinSoftmaxGrad', 'SpinGelu', 'SpinGeluGrad']) assert.equal(counts.get(name), spec.depth, name);
    for (const stock of ['Softmax', 'Erf', 'Rsqrt']) assert.equal(counts.get(stock), undefined, `stock ${stock} ran`);
    tf.dispose([xs, ...(profile.result as tf.Tensor[])]);
    model.dispose();
  });

  it('keeps the tensor count and the wasm heap buffers steady across Adam steps', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().backend;
    const { model } = buildModel(spec, { seed: 5 });
    const xs = tf.tensor4d(values([4, 28, 28, 1], 7), [4, 28, 28, 1]);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), spec.classes);
    const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const optimizer = tf.train.adam(0.01);
    const step = (): void => tf.tidy(() => void optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(ys, model.apply(xs, { training: true }) as tf.Tensor), false, variables));
    step();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 3; i++) step();
    assert.equal(tf.memory().numTensors, tensors, 'tensors after 3 more steps');
    assert.equal(backend.numDataIds(), buffers, 'heap buffers after 3 more steps');
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  });

  it('saves a model that loads with the stock LayerNormalization class and predicts the same', async () => {
    await tf.setBackend('wasm');
    const { model } = buildModel(spec, { seed: 4 });
    const xs = tf.tensor4d(values([3, 28, 28, 1], 6), [3, 28, 28, 1]);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler((a) => {
      artifacts = a;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }));
    const topology = JSON.stringify(artifacts!.modelTopology);
    assert.ok(topology.includes('"class_name":"LayerNormalization"'), 'saved as the stock class');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const [ours, theirs] = [model, loaded].map((m) => m.predict(xs) as tf.Tensor);
    assertClose(theirs!.dataSync(), ours!.dataSync(), 1e-5, 'predictions after reload');
    tf.dispose([xs, ours!, theirs!]);
    model.dispose();
    loaded.dispose();
  });
});
