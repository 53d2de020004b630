import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ArchitectureError } from '../../src/errors.js';
import { buildModel, loadModel, saveModel, train, type TrainRequest } from '../../src/train/index.js';
import type { Reduction } from '../../src/space/types.js';
import { writeCifarLike, writeMnistLike } from '../fixtures/data/synthetic.js';
import { tempDir } from '../helpers.js';
import { convMixer, identity, vit } from './archs.js';

const root = tempDir();
const dataDir = writeMnistLike(join(root, 'data'), { train: 300, test: 50 });

function request(overrides: Partial<TrainRequest> = {}): TrainRequest {
  return {
    trialId: 't',
    arch: convMixer({ depth: 1, patch: 7 }),
    budget: { epochs: 2, trainSubset: 200, validationSize: 60, batchSize: 20, learningRate: 0.03, schedule: 'cosine' },
    seed: 11,
    backend: 'cpu',
    data: { dataset: 'fashion-mnist', dir: dataDir },
    ...overrides,
  };
}

test('a trial learns the synthetic task above chance and reports its figures', async () => {
  const result = await train(request());
  assert.ok(result.valAccuracy > 0.25, `validation accuracy ${result.valAccuracy}`);
  assert.equal(result.imagesSeen, 400);
  assert.equal(result.backend, 'cpu');
  assert.ok(result.lossCurve.length >= 10 && result.lossCurve.length <= 20);
  assert.ok(result.lossCurve.at(-1)! < result.lossCurve[0]!);
  assert.equal(result.lossCurveSteps!.at(-1), 20);
  assert.ok(result.imagesPerSecond > 0 && result.wallSeconds > 0);
  assert.equal(result.testAccuracy, undefined);
});

test('the same seed and backend give the same result, and no tensor outlives the trial', async () => {
  const baseline = tf.memory().numTensors;
  const a = await train(request({ arch: vit({ depth: 1, width: 8 }), budget: { ...request().budget, epochs: 1 } }));
  assert.equal(tf.memory().numTensors, baseline);
  const b = await train(request({ arch: vit({ depth: 1, width: 8 }), budget: { ...request().budget, epochs: 1 } }));
  assert.equal(tf.memory().numTensors, baseline);
  assert.deepEqual(a.lossCurve, b.lossCurve);
  assert.equal(a.valAccuracy, b.valAccuracy);
  const c = await train(request({ arch: vit({ depth: 1, width: 8 }), budget: { ...request().budget, epochs: 1 }, seed: 12 }));
  assert.notDeepEqual(a.lossCurve, c.lossCurve);
});

test('maxSteps caps the training and the test set is only used when asked', async () => {
  const result = await train(request({ budget: { ...request().budget, maxSteps: 3 }, evaluateTest: true }));
  assert.equal(result.imagesSeen, 60);
  assert.equal(typeof result.testAccuracy, 'number');
});

test('a fused model trains from a saved unshared parent and is saved holding only the shared tensors', async () => {
  const parentDir = join(root, 'parent');
  const parent = await train(request({ arch: convMixer({ depth: 2, patch: 7 }), saveTo: parentDir }));
  assert.equal(parent.checkpoint, parentDir);
  const fusedArch = convMixer({ depth: 2, patch: 7, pointwise: [0, 0], depthwise: identity(2), init: 'scalar_weighted_mean' });
  const childDir = join(root, 'child');
  const baseline = tf.memory().numTensors;
  const child = await train(request({ arch: fusedArch, parentCheckpoint: parentDir, saveTo: childDir, budget: { ...request().budget, epochs: 1 } }));
  assert.equal(tf.memory().numTensors, baseline);
  assert.equal(child.trainableParams, parent.trainableParams + 2);
  assert.equal(child.deployedParams, parent.trainableParams - (8 * 8 + 8));
  assert.ok(child.valAccuracy > 0.25, `fused validation accuracy ${child.valAccuracy}`);
  const saved = await loadModel(childDir);
  assert.equal(saved.countParams() - 5 * 2 * 8, child.deployedParams, 'saved model = deployed params + BatchNorm moving statistics');
  assert.ok(!saved.weights.some((w) => /_m\d+$|mix/.test(w.originalName)));
  saved.dispose();
});

test('an unbuildable architecture is rejected before training', async () => {
  await assert.rejects(train(request({ arch: convMixer({ patch: 6 }) })), ArchitectureError);
});

test('an architecture for other images than the dataset is rejected', async () => {
  await assert.rejects(
    train(request({ arch: convMixer({ inputShape: [32, 32, 3], patch: 4 }) })),
    (e: unknown) => e instanceof ArchitectureError && /32x32x3/.test(e.message) && /28x28x1/.test(e.message),
  );
});

test('a stop request ends the trial with a TrialError', async () => {
  await assert.rejects(train(request(), { shouldStop: () => true }), /was cancelled at step 0/);
});

test('ConvMixer, fused ConvMixer and ViT train on the wasm backend like on cpu, without leaking tensors', async () => {
  for (const arch of [convMixer({ depth: 1, patch: 7 }), convMixer({ depth: 2, patch: 7, pointwise: [0, 0], init: 'channel_weighted_mean' }), vit({ depth: 1 })]) {
    const budget = { ...request().budget, epochs: 1 };
    const onCpu = await train(request({ arch, budget }));
    const baseline = tf.memory().numTensors;
    const onWasm = await train(request({ arch, budget, backend: 'wasm' }));
    assert.equal(tf.memory().numTensors, baseline);
    if (arch.family === 'vit') assert.deepEqual((await train(request({ arch, budget, backend: 'wasm' }))).lossCurve, onWasm.lossCurve);
    assert.equal(onWasm.backend, 'wasm');
    onWasm.lossCurve.forEach((loss, i) => assert.ok(Math.abs(loss - onCpu.lossCurve[i]!) < 0.05, `${arch.family} loss ${loss} vs ${onCpu.lossCurve[i]} on cpu`));
  }
});

test('a ConvMixer trains on CIFAR-10 format data (32x32 colour images)', async () => {
  const dir = writeCifarLike(join(root, 'cifar'), 40);
  const result = await train(request({
    arch: convMixer({ inputShape: [32, 32, 3], depth: 1, patch: 8 }),
    data: { dataset: 'cifar10', dir },
    backend: 'wasm',
    evaluateTest: true,
  }));
  assert.equal(result.imagesSeen, 280);
  assert.ok(result.valAccuracy > 0.25, `validation accuracy ${result.valAccuracy}`);
  assert.equal(typeof result.testAccuracy, 'number');
});

test('every fusion reduction trains from a saved parent on wasm and reports training and deployed parameters', async () => {
  const parentDir = join(root, 'built-parent');
  const parent = buildModel(convMixer({ depth: 2, patch: 7 }), { seed: 1 });
  await saveModel(parent, parentDir);
  parent.model.dispose();
  const reductions: Reduction[] = ['mean', 'choose_first', 'scalar_weighted_mean', 'channel_weighted_mean'];
  const extra = { mean: 0, choose_first: 0, scalar_weighted_mean: 2, channel_weighted_mean: 2 * 8 };
  for (const init of reductions) {
    const result = await train(request({
      arch: convMixer({ depth: 2, patch: 7, pointwise: [0, 0], init }),
      parentCheckpoint: parentDir,
      backend: 'wasm',
      budget: { ...request().budget, epochs: 1, maxSteps: 2 },
    }));
    assert.equal(result.trainableParams, parent.trainableParams + extra[init], init);
    assert.equal(result.deployedParams, parent.trainableParams - (8 * 8 + 8), init);
  }
});

test('no tensor outlives a trial of a shared ConvMixer, nor of a fused one', async () => {
  const parentDir = join(root, 'leak-parent');
  await train(request({ arch: convMixer({ depth: 2, patch: 7 }), saveTo: parentDir }));
  const baseline = tf.memory().numTensors;
  await train(request({ arch: convMixer({ depth: 2, patch: 7, pointwise: [0, 0], depthwise: [0, 0] }) }));
  assert.equal(tf.memory().numTensors, baseline);
  await train(request({ arch: convMixer({ depth: 2, patch: 7, pointwise: [0, 0], depthwise: identity(2), init: 'channel_weighted_mean' }), parentCheckpoint: parentDir }));
  assert.equal(tf.memory().numTensors, baseline);
});
