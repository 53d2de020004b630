/**
 * The native kernels change only speed: a ConvMixer (pointwise GEMMs, depthwise conv, the
 * fused bias + GELU + BatchNorm passes, Adam) and a ViT trained on real Fashion-MNIST on
 * the native backend reach the accuracy of the same trainings on wasm, same seed. Where the
 * data or the addon is missing the test fails under CI=true; elsewhere it says why.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nativeKernelsProblem } from '../../src/backend/onednn/index.js';
import { fashionMnistMissing, missing } from '../helpers.js';
import { convMixer, vit } from './archs.js';
import { trainUnder } from './real-training.js';

const budget = (trainSubset: number, learningRate: number) =>
  ({ epochs: 1, trainSubset, validationSize: 500, batchSize: 20, learningRate, schedule: 'cosine' as const });
const skip = fashionMnistMissing() || missing('the native kernels', nativeKernelsProblem() === null, `${nativeKernelsProblem()}`);

// A ViT learns slowly from 600 images (about 0.3 here, chance 0.1): its floor is lower.
for (const [label, arch, b, floor] of [
  ['ConvMixer', convMixer({ width: 16, depth: 2, patch: 2, kernel: 5 }), budget(1000, 0.01), 0.4],
  ['ViT', vit({ width: 32, depth: 2, patch: 4, heads: 2, mlpRatio: 2 }), budget(600, 0.003), 0.2],
] as const) {
  test(`a ${label} trained on the native backend reaches the wasm path's accuracy on a fixed seed`, { skip }, async (t) => {
    const wasm = await trainUnder({}, { arch, budget: b, seed: 1, backend: 'wasm' });
    const native = await trainUnder({}, { arch, budget: b, seed: 1, backend: 'native' });
    t.diagnostic(`validation accuracy: wasm ${wasm.valAccuracy.toFixed(3)}, native ${native.valAccuracy.toFixed(3)}`);
    assert.ok(wasm.valAccuracy > floor, `the run must learn at all: ${wasm.valAccuracy}`);
    assert.ok(Math.abs(native.valAccuracy - wasm.valAccuracy) <= 0.02, `accuracy ${native.valAccuracy} vs ${wasm.valAccuracy}`);
    assert.ok(Math.abs(native.valLoss - wasm.valLoss) <= 0.03 * wasm.valLoss, `validation loss ${native.valLoss} vs ${wasm.valLoss}`);
  });
}
