/**
 * One real training on Fashion-MNIST (CI installs dataset-fashion-mnist). Where the data is
 * missing the test fails under CI=true; elsewhere it is skipped, saying how to install it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { train } from '../../src/train/index.js';
import { FASHION_MNIST_DIR, fashionMnistMissing } from '../helpers.js';
import { convMixer } from './archs.js';

const dir = FASHION_MNIST_DIR;

test('a tiny ConvMixer trained on 1000 real Fashion-MNIST images for one epoch is clearly above chance', { skip: fashionMnistMissing() }, async (t) => {
  const result = await train({
    trialId: 'fashion-mnist',
    arch: convMixer({ width: 16, depth: 2, patch: 4, kernel: 3 }),
    budget: { epochs: 1, trainSubset: 1000, validationSize: 500, batchSize: 20, learningRate: 0.01, schedule: 'cosine' },
    seed: 1,
    backend: 'wasm',
    data: { dataset: 'fashion-mnist', dir },
  });
  t.diagnostic(`validation accuracy ${result.valAccuracy.toFixed(3)}, ${result.imagesPerSecond.toFixed(0)} images/s on ${result.backend}`);
  assert.equal(result.imagesSeen, 1000);
  assert.ok(result.valAccuracy > 0.4, `validation accuracy ${result.valAccuracy}`);
});
