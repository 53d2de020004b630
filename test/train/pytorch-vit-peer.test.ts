/**
 * The PyTorch ViT peer of `npm run bench:train` (bench/pytorch/vit_train.py) is the same
 * model as ours: equal trainable parameter counts. It needs Debian's python3-torch, which
 * CI does not install (a large package used by the benchmark only), so there and anywhere
 * torch is missing the test is skipped with the reason.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { torchVersion, torchVitParams } from '../../bench/pytorch-peer.js';
import { buildModel } from '../../src/train/index.js';
import { vit } from './archs.js';

const skip = torchVersion() === undefined
  ? '/usr/bin/python3 cannot import torch (apt-get install -y python3-torch); the PyTorch peer is a benchmark-only dependency'
  : false;

test('the PyTorch ViT-64/6 p4 peer has exactly our trainable parameter count', { skip }, async () => {
  await tf.setBackend('cpu');
  const built = buildModel(vit({ width: 64, depth: 6, patch: 4, heads: 4, mlpRatio: 2 }), { seed: 1 });
  const ours = built.trainableParams;
  built.model.dispose();
  // 4x4 patch embedding 1088, positions 3136, 6 blocks of 33472, final LayerNorm 128, head 650.
  assert.equal(ours, 205_834);
  assert.equal(torchVitParams(), ours);
});
