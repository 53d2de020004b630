/**
 * The PyTorch peers of `npm run bench:train` (bench/pytorch/) are the same models as ours:
 * equal trainable parameter counts, so the speed ratio compares like with like. They need
 * Debian's python3-torch, which .ci/run installs; elsewhere a missing torch skips with the
 * reason (and fails under CI=true).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { torchConvMixerParams, torchVersion, torchVitParams } from '../../bench/pytorch-peer.js';
import { buildModel } from '../../src/train/index.js';
import { missing } from '../helpers.js';
import { convMixer, vit } from './archs.js';

const skip = missing('torch for /usr/bin/python3', torchVersion() !== undefined, 'apt-get install -y python3-torch');

test('the PyTorch ConvMixer-128/8 k5 p2 peer has exactly our trainable parameter count', { skip }, async () => {
  await tf.setBackend('cpu');
  const built = buildModel(convMixer({ width: 128, depth: 8, patch: 2, kernel: 5 }), { seed: 1 });
  const ours = built.trainableParams;
  built.model.dispose();
  assert.equal(torchConvMixerParams(), ours);
});

test('the PyTorch ViT-64/6 p4 peer has exactly our trainable parameter count', { skip }, async () => {
  await tf.setBackend('cpu');
  const built = buildModel(vit({ width: 64, depth: 6, patch: 4, heads: 4, mlpRatio: 2 }), { seed: 1 });
  const ours = built.trainableParams;
  built.model.dispose();
  // 4x4 patch embedding 1088, positions 3136, 6 blocks of 33472, final LayerNorm 128, head 650.
  assert.equal(ours, 205_834);
  assert.equal(torchVitParams(), ours);
});
