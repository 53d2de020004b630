/**
 * One real training on Fashion-MNIST (CI installs dataset-fashion-mnist). Where the data is
 * missing the test fails under CI=true; elsewhere it reports how to install it and passes.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { defaultDataDir } from '../../src/data/index.js';
import { train } from '../../src/train/index.js';
import { convMixer } from './archs.js';

const dir = defaultDataDir('fashion-mnist')!;
const present = existsSync(`${dir}/train-images-idx3-ubyte.gz`) || existsSync(`${dir}/train-images-idx3-ubyte`);

test('a tiny ConvMixer trained on 1000 real Fashion-MNIST images for one epoch is clearly above chance', async (t) => {
  if (!present) {
    assert.notEqual(process.env.CI, 'true', `Fashion-MNIST is missing from ${dir}: apt-get install -y dataset-fashion-mnist`);
    t.diagnostic(`Fashion-MNIST not installed in ${dir} (apt-get install -y dataset-fashion-mnist); real training not run`);
    return;
  }
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
