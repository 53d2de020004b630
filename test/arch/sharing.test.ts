import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentAssignment, isComponentShared, sharedComponents, toArchSpec } from '../../src/arch/index.js';
import { describeArch } from '../../src/report/index.js';
import { weightSets } from '../../src/train/index.js';
import { convSpace, vitSpace } from '../space/helpers.js';

test('the architecture spec carries the share rate, distribution, mapping and group sizes it was planned with', () => {
  // width 8, depth 6, patch 2, depthwise+pointwise shared r=2 front strided, fusion mean
  const arch = toArchSpec(convSpace(), [0, 1, 0, 0, 2, 1, 1, 1, 1, 0]);
  assert.deepEqual(arch.sharing.choice, {
    components: ['depthwise', 'pointwise'],
    shareRate: 2,
    distribution: 'front',
    mapping: 'strided',
    mappingSeed: 0,
    groups: [3, 2, 1],
  });
  const unshared = toArchSpec(convSpace(), [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(unshared.sharing.choice, undefined);
});

test('the report describes sharing from the spec, not from its label', () => {
  const arch = toArchSpec(vitSpace(), [1, 1, 0, 0, 0, 2, 1, 0, 1, 1, 0]);
  const relabelled = describeArch({ ...arch, label: 'renamed by hand' });
  assert.equal(relabelled.backbone, 'ViT-12/4 p7 h2 mlp2');
  assert.match(relabelled.sharing, /^mlp shared r=2 strided \(mlp ABAB\); weight fusion \(scalar_weighted_mean\)/);
  assert.deepEqual(relabelled, describeArch(arch));
});

test('a spec stored before it carried its choices (an old checkpoint) is still read from its assignment', () => {
  const arch = toArchSpec(convSpace(), [1, 1, 0, 0, 1, 1, 0, 0, 0, 0]);
  const { choice: _choice, ...plan } = arch.sharing;
  const old = { ...arch, sharing: plan };
  assert.deepEqual(sharedComponents(old), ['pointwise']);
  assert.equal(describeArch(old).sharing, '3 weight sets for 6 layers (pointwise AABBCC); from scratch');
  assert.equal(describeArch(old).shared, true);
});

test('the model builder, the report and the plan agree on what is shared', () => {
  const space = convSpace();
  for (const genome of [[1, 1, 0, 0, 1, 1, 0, 0, 0, 0], [0, 1, 0, 0, 2, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]) {
    const arch = toArchSpec(space, genome);
    const shared = (['depthwise', 'pointwise'] as const).filter((c) => isComponentShared(arch, c));
    assert.deepEqual(sharedComponents(arch), shared);
    assert.deepEqual(arch.sharing.choice?.components ?? [], shared);
    for (const c of ['depthwise', 'pointwise'] as const) {
      const sets = weightSets(arch, c);
      assert.equal(sets.length, new Set(componentAssignment(arch, c)).size);
      assert.equal(sets.some((s) => s.members > 1), arch.init !== 'scratch' && shared.includes(c));
    }
  }
});
