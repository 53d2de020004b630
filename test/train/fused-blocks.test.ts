/**
 * ConvMixer built with fused blocks (conv -> BiasGeluBatchNorm, the default on wasm with
 * the SIMD module) against the unfused blocks: same weights by name, same inference, and
 * checkpoints and the standard export round-trip; a short real training reaches the same
 * accuracy either way on a fixed seed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { customLayerClasses, toStandardModel } from '../../src/train/export/standard.js';
import { buildModel, exportDeployed, loadCheckpoint, saveModel } from '../../src/train/index.js';
import type { TrainableModel } from '../../src/train/index.js';
import { fashionMnistMissing, tempDir } from '../helpers.js';
import { assertClose, values } from '../backend/wasm-compare.js';
import { convMixer } from './archs.js';
import { trainUnder } from './real-training.js';

const root = tempDir();
const arch = convMixer({ depth: 3, pointwise: [0, 0, 1], pointwiseResidual: true, width: 6, patch: 4, kernel: 5 });
const input = (): tf.Tensor => tf.tensor(values([2, 28, 28, 1], 11), [2, 28, 28, 1]);

before(async () => {
  await initBackend('wasm');
});

function predict(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => Float32Array.from((model.predict(input()) as tf.Tensor).dataSync()));
}

const weightNames = (m: TrainableModel): string[] => m.model.weights.map((w) => `${w.originalName} ${w.shape.join('x')}`);

/** One training forward pass, so the moving statistics move away from 0 and 1. */
function trainForward(m: TrainableModel): void {
  tf.tidy(() => {
    m.model.apply(input(), { training: true });
  });
}

test('fused blocks are the default on wasm and hold the unfused model\'s weights, in the same order', () => {
  const fused = buildModel(arch, { seed: 3 });
  const plain = buildModel(arch, { seed: 3, fusedBlocks: false });
  assert.ok(fused.model.layers.some((l) => l.getClassName() === 'SpinBiasGeluBatchNorm'));
  assert.ok(!plain.model.layers.some((l) => l.getClassName() === 'SpinBiasGeluBatchNorm'));
  assert.deepEqual(weightNames(fused), weightNames(plain));
  assert.equal(fused.trainableParams, plain.trainableParams);
  fused.model.dispose();
  plain.model.dispose();
});

test('a fused model infers like the unfused model with its weights, and survives a checkpoint and the standard export', async () => {
  const fused = buildModel(arch, { seed: 3 });
  trainForward(fused);
  const expected = predict(fused.model);
  const plain = buildModel(arch, { seed: 3, fusedBlocks: false });
  plain.model.setWeights(fused.model.getWeights());
  assertClose(predict(plain.model), expected, 1e-5, 'unfused model');
  const dir = join(root, 'fused');
  await saveModel(fused, dir);
  fused.model.dispose();
  plain.model.dispose();

  await tf.setBackend('cpu');
  try {
    const loaded = await loadCheckpoint(dir);
    assert.ok(loaded.model.layers.some((l) => l.getClassName() === 'SpinBiasGeluBatchNorm'));
    assertClose(predict(loaded.model), expected, 1e-5, 'reloaded on cpu');
    const standard = toStandardModel(loaded)!;
    assert.deepEqual(customLayerClasses(standard.model), []);
    assertClose(predict(standard.model), expected, 1e-5, 'standard export');
    loaded.model.dispose();
    standard.model.dispose();
  } finally {
    await tf.setBackend('wasm');
  }
});

test('a weight-fused model with fused blocks exports its deployed model by layer name', () => {
  const child = buildModel({ ...arch, init: 'mean' }, { seed: 5 });
  assert.ok(child.fused);
  trainForward(child);
  const deployed = exportDeployed(child, 5);
  assertClose(predict(deployed.model), predict(child.model), 1e-5, 'deployed');
  child.model.dispose();
  deployed.model.dispose();
});

const run = {
  arch: convMixer({ width: 16, depth: 2, patch: 2, kernel: 5 }),
  budget: { epochs: 1, trainSubset: 1000, validationSize: 500, batchSize: 20, learningRate: 0.01, schedule: 'cosine' as const },
  seed: 1,
};

test('training with fused blocks reaches the accuracy of the unfused blocks on a fixed seed', { skip: fashionMnistMissing() }, async (t) => {
  const unfused = await trainUnder({ SPIN_WASM_FUSED_BN: 'off' }, run);
  const fused = await trainUnder({ SPIN_WASM_FUSED_BN: 'on' }, run);
  t.diagnostic(`validation accuracy: unfused ${unfused.valAccuracy.toFixed(3)}, fused ${fused.valAccuracy.toFixed(3)}; loss ${unfused.valLoss.toFixed(6)} vs ${fused.valLoss.toFixed(6)}`);
  assert.ok(unfused.valAccuracy > 0.4, `the run must learn at all: ${unfused.valAccuracy}`);
  assert.ok(Math.abs(fused.valAccuracy - unfused.valAccuracy) <= 0.02, `accuracy ${fused.valAccuracy} vs ${unfused.valAccuracy}`);
  assert.ok(Math.abs(fused.valLoss - unfused.valLoss) <= 0.02 * unfused.valLoss, `validation loss ${fused.valLoss} vs ${unfused.valLoss}`);
});

/** Kernel calls of one training step (forward, gradients) of `m`. */
async function stepKernels(m: TrainableModel): Promise<Map<string, number>> {
  const info = await tf.profile(() => {
    const { value, grads } = tf.variableGrads((): tf.Scalar => tf.mean(m.model.apply(input(), { training: true }) as tf.Tensor));
    value.dispose();
    tf.dispose(grads);
  });
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  return counts;
}

test('a fused block runs its convolution once per step (tfjs-layers applies a two-output layer once per output)', async () => {
  const fused = buildModel(arch, { seed: 3 });
  const plain = buildModel(arch, { seed: 3, fusedBlocks: false });
  const [a, b] = [await stepKernels(fused), await stepKernels(plain)];
  assert.equal(a.get('DepthwiseConv2dNative'), arch.depth, 'one depthwise forward per block');
  assert.equal(a.get('DepthwiseConv2dNative'), b.get('DepthwiseConv2dNative'));
  assert.equal(a.get('BatchMatMul'), b.get('BatchMatMul'), 'as many matmuls as the unfused model');
  fused.model.dispose();
  plain.model.dispose();
});
