/**
 * The SIMD kernel module changes only speed: a ConvMixer trained on real Fashion-MNIST with
 * it reaches the accuracy of the same training on the JS kernels (SPIN_WASM_SIMD=off).
 * Where the data is missing the test fails under CI=true; elsewhere it says how to install it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fashionMnistMissing } from '../helpers.js';
import { convMixer } from './archs.js';
import { trainUnder } from './real-training.js';

const run = {
  arch: convMixer({ width: 16, depth: 2, patch: 2, kernel: 5 }),
  budget: { epochs: 1, trainSubset: 1000, validationSize: 500, batchSize: 20, learningRate: 0.01, schedule: 'cosine' as const },
  seed: 1,
};

test('training with the SIMD kernels reaches the accuracy of the JS kernels on a fixed seed', { skip: fashionMnistMissing() }, async (t) => {
  const js = await trainUnder({ SPIN_WASM_SIMD: 'off' }, run);
  const simd = await trainUnder({ SPIN_WASM_SIMD: 'on' }, run);
  t.diagnostic(`validation accuracy: JS kernels ${js.valAccuracy.toFixed(3)}, SIMD kernels ${simd.valAccuracy.toFixed(3)}`);
  assert.ok(js.valAccuracy > 0.4, `the run must learn at all: ${js.valAccuracy}`);
  assert.ok(Math.abs(simd.valAccuracy - js.valAccuracy) <= 0.02, `accuracy ${simd.valAccuracy} vs ${js.valAccuracy}`);
  assert.ok(Math.abs(simd.valLoss - js.valLoss) <= 0.02 * js.valLoss, `validation loss ${simd.valLoss} vs ${js.valLoss}`);
});
