/**
 * The fused Adam and softmax cross-entropy kernels change only speed: a ConvMixer trained on
 * real Fashion-MNIST with them reaches the accuracy of the same training with tfjs's own
 * optimizer and loss (SPIN_FUSED_STEP=off), same seed. Where the data is missing the test
 * fails under CI=true; elsewhere it says how to install it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fashionMnistMissing } from '../helpers.js';
import { convMixer } from './archs.js';
import { trainUnder } from './real-training.js';

const run = {
  arch: convMixer({ width: 16, depth: 2, patch: 2, kernel: 5 }),
  budget: { epochs: 2, trainSubset: 400, validationSize: 400, batchSize: 20, learningRate: 0.01, schedule: 'cosine' as const },
  seed: 3,
};

test('training with the fused Adam and loss reaches the accuracy of tfjs\'s own on a fixed seed', { skip: fashionMnistMissing() }, async (t) => {
  const stock = await trainUnder({ SPIN_FUSED_STEP: 'off' }, run);
  const fused = await trainUnder({ SPIN_FUSED_STEP: 'on' }, run);
  t.diagnostic(`validation accuracy: stock ${stock.valAccuracy.toFixed(4)}, fused ${fused.valAccuracy.toFixed(4)}; ` +
    `loss ${stock.valLoss.toFixed(4)} vs ${fused.valLoss.toFixed(4)}`);
  t.diagnostic(`first training losses: stock ${stock.curve.slice(0, 3).map((v) => v.toFixed(4)).join(', ')}, ` +
    `fused ${fused.curve.slice(0, 3).map((v) => v.toFixed(4)).join(', ')}`);
  assert.ok(stock.valAccuracy > 0.3, `the run must learn at all: ${stock.valAccuracy}`);
  assert.ok(Math.abs(fused.valAccuracy - stock.valAccuracy) <= 0.03, `accuracy ${fused.valAccuracy} vs ${stock.valAccuracy}`);
  assert.ok(Math.abs(fused.valLoss - stock.valLoss) <= 0.03 * stock.valLoss, `validation loss ${fused.valLoss} vs ${stock.valLoss}`);
});
