import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignmentLetters, costOf, parentArch, toArchSpec } from '../../src/arch/index.js';
import { canonicalize, hashGenome, sampleGenome } from '../../src/space/index.js';
import { ArchitectureError } from '../../src/errors.js';
import { makeRng } from '../../src/util/random.js';
import { convSpace, vitSpace } from '../space/helpers.js';

const letters = (a: number[] | undefined) => assignmentLetters(a ?? []);

test('toArchSpec fills the assignment of every component, unshared ones layer i -> i', () => {
  const space = convSpace();
  // width 16, depth 6, patch 2, pointwise shared r=2 uniform sequential, scratch
  const arch = toArchSpec(space, [1, 1, 0, 0, 1, 1, 0, 0, 0, 0]);
  assert.equal(letters(arch.sharing.assignment.pointwise), 'AABBCC');
  assert.deepEqual(arch.sharing.assignment.depthwise, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(arch.sharing.sets, { depthwise: 6, pointwise: 3 });
  assert.equal(arch.width, 16);
  assert.equal(arch.depth, 6);
  assert.equal(arch.kernel, 3);
  assert.deepEqual(arch.inputShape, [28, 28, 1]);
  assert.equal(arch.classes, 10);
  assert.equal(arch.label, 'ConvMixer-16/6 k3 p2 · pointwise shared r=2 sequential');
});

test('toArchSpec applies strided, front and random plans to every shared component', () => {
  const space = convSpace();
  const strided = toArchSpec(space, [0, 1, 0, 0, 2, 1, 1, 1, 1, 0]);
  assert.equal(letters(strided.sharing.assignment.pointwise), 'ABCABA');
  assert.equal(letters(strided.sharing.assignment.depthwise), 'ABCABA');
  assert.equal(strided.init, 'mean');
  assert.match(strided.label, /depthwise\+pointwise shared r=2 front 3-2-1 strided · fusion mean$/);
  const random = toArchSpec(space, [0, 1, 0, 0, 1, 1, 0, 2, 0, 1]);
  const a = random.sharing.assignment.pointwise ?? [];
  assert.deepEqual(a.slice().sort(), [0, 0, 1, 1, 2, 2]);
});

test('hash and parentHash: equivalent genomes give the same spec; the parent is the unshared scratch network', () => {
  const space = convSpace();
  const shared = toArchSpec(space, [1, 1, 0, 0, 1, 1, 0, 0, 1, 0]);
  assert.equal(shared.hash, hashGenome(space, [1, 1, 0, 0, 1, 1, 0, 0, 1, 0]));
  assert.equal(shared.parentHash, hashGenome(space, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
  assert.notEqual(shared.hash, shared.parentHash);
  // share rate 1 with pointwise and strided is the same unshared network
  assert.deepEqual(toArchSpec(space, [1, 1, 0, 0, 1, 0, 0, 1, 0, 1]), toArchSpec(space, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
  const unshared = toArchSpec(space, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(unshared.hash, unshared.parentHash);
  assert.match(unshared.label, /· unshared$/);
});

test('parentArch is the unshared from-scratch network of the same backbone', () => {
  const space = vitSpace();
  const arch = toArchSpec(space, [1, 1, 0, 0, 0, 3, 1, 0, 0, 1, 0]);
  const parent = parentArch(arch);
  assert.equal(parent.init, 'scratch');
  assert.equal(parent.hash, arch.parentHash);
  assert.deepEqual(parent.sharing.assignment, { attention: [0, 1, 2, 3], mlp: [0, 1, 2, 3] });
  assert.equal(parent.width, arch.width);
  assert.equal(parent.heads, arch.heads);
  assert.equal(costOf(parent).params, costOf(arch).trainingParams - 4 * 2);
});

test('toArchSpec rejects an invalid genome with the reason', () => {
  assert.throws(() => toArchSpec(convSpace(), [0, 0, 0, 0, 1, 2, 0, 0, 0, 0]), (e: unknown) => e instanceof ArchitectureError && /does not divide depth 4/.test(e.message));
});

for (const [name, make] of [['ConvMixer', convSpace], ['ViT', vitSpace]] as const) {
  test(`for sampled ${name} architectures sharing lowers params and leaves FLOPs unchanged`, () => {
    const space = make();
    const rng = makeRng(11);
    for (let i = 0; i < 150; i++) {
      const genome = sampleGenome(space, rng);
      const arch = toArchSpec(space, genome);
      const cost = costOf(arch);
      const parent = costOf(parentArch(arch));
      assert.equal(cost.flops, parent.flops);
      const shared = Object.entries(arch.sharing.sets).some(([, s]) => (s) < arch.depth);
      if (shared) assert.ok(cost.params < parent.params, arch.label);
      else assert.equal(cost.params, parent.params);
      assert.ok(cost.trainingParams >= cost.params);
      assert.equal(arch.hash, hashGenome(space, canonicalize(space, genome)));
      for (const a of Object.values(arch.sharing.assignment)) assert.equal(a?.length, arch.depth);
    }
  });
}
