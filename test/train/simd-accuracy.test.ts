/**
 * The SIMD kernel module changes only speed: a ConvMixer trained on real Fashion-MNIST with
 * it reaches the accuracy of the same training on the JS kernels (SPIN_WASM_SIMD=off).
 * Where the data is missing the test fails under CI=true; elsewhere it says how to install it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { defaultDataDir } from '../../src/data/index.js';
import { train } from '../../src/train/index.js';
import { convMixer } from './archs.js';

const dir = defaultDataDir('fashion-mnist')!;
const present = existsSync(`${dir}/train-images-idx3-ubyte.gz`) || existsSync(`${dir}/train-images-idx3-ubyte`);

async function trainWith(simd: 'off' | 'on'): Promise<{ valAccuracy: number; valLoss: number }> {
  process.env['SPIN_WASM_SIMD'] = simd;
  try {
    const r = await train({
      trialId: `simd-${simd}`,
      arch: convMixer({ width: 16, depth: 2, patch: 2, kernel: 5 }),
      budget: { epochs: 1, trainSubset: 1000, validationSize: 500, batchSize: 20, learningRate: 0.01, schedule: 'cosine' },
      seed: 1,
      backend: 'wasm',
      data: { dataset: 'fashion-mnist', dir },
    });
    return { valAccuracy: r.valAccuracy, valLoss: r.valLoss };
  } finally {
    delete process.env['SPIN_WASM_SIMD'];
  }
}

test('training with the SIMD kernels reaches the accuracy of the JS kernels on a fixed seed', async (t) => {
  if (!present) {
    assert.notEqual(process.env.CI, 'true', `Fashion-MNIST is missing from ${dir}: apt-get install -y dataset-fashion-mnist`);
    t.diagnostic(`Fashion-MNIST not installed in ${dir} (apt-get install -y dataset-fashion-mnist); real training not run`);
    return;
  }
  const js = await trainWith('off');
  const simd = await trainWith('on');
  t.diagnostic(`validation accuracy: JS kernels ${js.valAccuracy.toFixed(3)}, SIMD kernels ${simd.valAccuracy.toFixed(3)}`);
  assert.ok(js.valAccuracy > 0.4, `the run must learn at all: ${js.valAccuracy}`);
  assert.ok(Math.abs(simd.valAccuracy - js.valAccuracy) <= 0.02, `accuracy ${simd.valAccuracy} vs ${js.valAccuracy}`);
  assert.ok(Math.abs(simd.valLoss - js.valLoss) <= 0.02 * js.valLoss, `validation loss ${simd.valLoss} vs ${js.valLoss}`);
});
