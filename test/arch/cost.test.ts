import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOf } from '../../src/arch/index.js';
import type { ArchSpec } from '../../src/arch/index.js';
import type { Component, Init } from '../../src/space/index.js';
import { ArchitectureError } from '../../src/errors.js';

function plan(depth: number, components: Component[], shared: Partial<Record<Component, number[]>>) {
  const assignment: Partial<Record<Component, number[]>> = {};
  const sets: Partial<Record<Component, number>> = {};
  for (const c of components) {
    const a = shared[c] ?? Array.from({ length: depth }, (_, i) => i);
    assignment[c] = a;
    sets[c] = new Set(a).size;
  }
  return { assignment, sets };
}

function convmixer(shared: Partial<Record<Component, number[]>> = {}, init: Init = 'scratch'): ArchSpec {
  return {
    family: 'convmixer', inputShape: [224, 224, 3], classes: 1000, width: 256, depth: 8, patch: 7, kernel: 9,
    sharing: plan(8, ['depthwise', 'pointwise'], shared), init, hash: '', parentHash: '', label: '',
  };
}

function vit(shared: Partial<Record<Component, number[]>> = {}, init: Init = 'scratch'): ArchSpec {
  return {
    family: 'vit', inputShape: [28, 28, 1], classes: 10, width: 8, depth: 2, patch: 7, heads: 2, mlpRatio: 2,
    sharing: plan(2, ['attention', 'mlp'], shared), init, hash: '', parentHash: '', label: '',
  };
}

const pairs = [0, 0, 1, 1, 2, 2, 3, 3];

test('ConvMixer-256/8 k9 p7 on 224x224x3 with 1000 classes, unshared, counts as hand-computed', () => {
  // stem 7*7*3*256 + 256 = 37,888; stem BatchNorm 512
  // block: depthwise 9*9*256 + 256 = 20,992; pointwise 256*256 + 256 = 65,792; two BatchNorms 1,024
  //        = 87,808, x8 = 702,464
  // head 256*1000 + 1000 = 257,000          total 997,864
  // MACs: T = 32*32 = 1024; stem 1024*7*7*3*256 = 38,535,168;
  //       blocks 8*1024*(81*256 + 256*256) = 706,740,224; head 256,000  -> x2 FLOPs
  assert.deepEqual(costOf(convmixer()), { params: 997_864, trainingParams: 997_864, flops: 1_491_062_784 });
});

test('sharing the ConvMixer pointwise convs r=2 removes four pointwise layers and no FLOPs', () => {
  const cost = costOf(convmixer({ pointwise: pairs }));
  assert.equal(cost.params, 997_864 - 4 * 65_792);
  assert.equal(cost.trainingParams, cost.params);
  assert.equal(cost.flops, 1_491_062_784);
});

test('fusion trains all unshared tensors plus the reduction weights and deploys the shared count', () => {
  const shared = { pointwise: pairs, depthwise: pairs };
  const deployed = 997_864 - 4 * 65_792 - 4 * 20_992;
  assert.deepEqual(costOf(convmixer(shared, 'mean')), { params: deployed, trainingParams: 997_864, flops: 1_491_062_784 });
  assert.equal(costOf(convmixer(shared, 'choose_first')).trainingParams, 997_864);
  // one scalar per layer per shared component
  assert.equal(costOf(convmixer(shared, 'scalar_weighted_mean')).trainingParams, 997_864 + 2 * 8);
  // one weight per output channel per layer per shared component
  assert.equal(costOf(convmixer(shared, 'channel_weighted_mean')).trainingParams, 997_864 + 2 * 8 * 256);
  assert.equal(costOf(convmixer({ pointwise: pairs }, 'channel_weighted_mean')).trainingParams, 997_864 + 8 * 256);
});

test('a tiny ViT counts as hand-computed', () => {
  // 28x28x1, patch 7 -> T = 16 tokens; C = 8, D = 2, r = 2, 10 classes
  // embed 49*8 + 8 = 400; positions 16*8 = 128
  // block: LN 16, attention 4*64 + 32 = 288, LN 16, MLP 8*16 + 16 + 16*8 + 8 = 280 -> 600, x2 = 1,200
  // final LN 16; head 80 + 10 = 90                                   total 1,834
  // MACs: embed 16*49*8 = 6,272; per block 4*16*64 + 2*256*8 + 2*16*2*64 = 12,288, x2; head 80
  assert.deepEqual(costOf(vit()), { params: 1_834, trainingParams: 1_834, flops: 2 * (6_272 + 24_576 + 80) });
});

test('ViT sharing and fusion follow the documented reduction-weight rule', () => {
  const attention = costOf(vit({ attention: [0, 0] }, 'channel_weighted_mean'));
  assert.equal(attention.params, 1_834 - 288);
  assert.equal(attention.trainingParams, 1_834 + 2 * 4 * 8); // q, k, v, o outputs per layer
  const mlp = costOf(vit({ mlp: [0, 0] }, 'channel_weighted_mean'));
  assert.equal(mlp.params, 1_834 - 280);
  assert.equal(mlp.trainingParams, 1_834 + 2 * (16 + 8)); // both dense layers' outputs per layer
  assert.equal(costOf(vit({ attention: [0, 0], mlp: [0, 0] }, 'scalar_weighted_mean')).trainingParams, 1_834 + 2 * 2);
  assert.equal(mlp.flops, costOf(vit()).flops);
});

test('the ViT head count does not change the cost', () => {
  assert.deepEqual(costOf({ ...vit(), heads: 4 }), costOf(vit()));
});

test('costOf rejects a patch that does not tile the image and impossible set counts', () => {
  assert.throws(() => costOf({ ...vit(), patch: 5 }), ArchitectureError);
  const bad = vit();
  bad.sharing.sets.mlp = 3;
  assert.throws(() => costOf(bad), /mlp has 3 weight sets/);
});
