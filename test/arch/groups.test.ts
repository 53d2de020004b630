import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignLayers, assignmentLetters, groupSizes } from '../../src/arch/index.js';
import { ArchitectureError } from '../../src/errors.js';

const letters = (sizes: number[], mapping: 'sequential' | 'strided' | 'random', seed = 0) =>
  assignmentLetters(assignLayers(sizes, mapping, seed));

test('uniform distribution makes D/r groups of r layers', () => {
  assert.deepEqual(groupSizes(6, 2, 'uniform'), [2, 2, 2]);
  assert.deepEqual(groupSizes(8, 4, 'uniform'), [4, 4]);
  assert.deepEqual(groupSizes(4, 1, 'uniform'), [1, 1, 1, 1]);
});

test('uniform distribution rejects a share rate that does not divide the depth', () => {
  assert.throws(() => groupSizes(6, 4, 'uniform'), ArchitectureError);
});

test('front puts larger groups first with the documented rule, back mirrors it', () => {
  assert.deepEqual(groupSizes(6, 2, 'front'), [3, 2, 1]);
  assert.deepEqual(groupSizes(8, 2, 'front'), [3, 2, 2, 1]);
  assert.deepEqual(groupSizes(8, 4, 'front'), [5, 3]);
  assert.deepEqual(groupSizes(6, 4, 'front'), [4, 2]);
  assert.deepEqual(groupSizes(4, 2, 'front'), [2, 2]);
  assert.deepEqual(groupSizes(6, 2, 'back'), [1, 2, 3]);
  assert.deepEqual(groupSizes(8, 8, 'back'), [8]);
});

test('front and back keep uniform group counts and always sum to the depth', () => {
  for (let depth = 1; depth <= 32; depth++) {
    for (let r = 1; r <= depth; r++) {
      for (const d of ['front', 'back'] as const) {
        const g = groupSizes(depth, r, d);
        assert.equal(g.reduce((a, b) => a + b, 0), depth);
        assert.equal(g.length, Math.ceil(depth / r));
        assert.ok(g.every((x) => x >= 1));
        const ordered = d === 'front' ? g : g.slice().reverse();
        for (let i = 1; i < ordered.length; i++) assert.ok((ordered[i] as number) <= (ordered[i - 1] as number), `${JSON.stringify(d)} ${depth}/${r}: ${JSON.stringify(g)}`);
      }
    }
  }
});

test('custom group sizes are used as given and must sum to the depth', () => {
  assert.deepEqual(groupSizes(6, 99, [1, 2, 3]), [1, 2, 3]);
  assert.throws(() => groupSizes(6, 1, [1, 2]), /sum to 3, not to depth 6/);
});

test('sequential mapping lets neighbours share: A A B B C C', () => {
  assert.equal(letters([2, 2, 2], 'sequential'), 'AABBCC');
  assert.equal(letters([3, 2, 1], 'sequential'), 'AAABBC');
});

test('strided mapping goes round-robin over groups with room: A B C A B C', () => {
  assert.equal(letters([2, 2, 2], 'strided'), 'ABCABC');
  assert.equal(letters([3, 2, 1], 'strided'), 'ABCABA');
  assert.equal(letters([1, 2, 3], 'strided'), 'ABCBCC');
});

test('random mapping is a seeded permutation of the sequential one', () => {
  const a = assignLayers([2, 2, 2, 2], 'random', 1);
  assert.deepEqual(assignLayers([2, 2, 2, 2], 'random', 1), a);
  const counts = [0, 0, 0, 0];
  for (const s of a) counts[s] = (counts[s] as number) + 1;
  assert.deepEqual(counts, [2, 2, 2, 2]);
  const seeds = new Set([0, 1, 2, 3, 4].map((s) => letters([2, 2, 2, 2], 'random', s)));
  assert.ok(seeds.size > 1, 'different seeds give different permutations');
});

test('weight sets are numbered by first use', () => {
  for (const mapping of ['sequential', 'strided', 'random'] as const) {
    for (let seed = 0; seed < 5; seed++) {
      const a = assignLayers([1, 3, 2], mapping, seed);
      let next = 0;
      for (const s of a) {
        assert.ok(s <= next);
        if (s === next) next++;
      }
    }
  }
});
