import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, geneCardinalities, hashGenome, isValid, spaceSize } from '../../src/space/index.js';
import type { Genome, SearchSpace } from '../../src/space/index.js';
import { encode, decode } from '../../src/space/index.js';
import { convSpace, vitSpace } from './helpers.js';

function* allGenomes(space: SearchSpace): Generator<Genome> {
  const cards = geneCardinalities(space);
  const g = cards.map(() => 0);
  for (;;) {
    yield g.slice();
    let i = cards.length - 1;
    while (i >= 0 && (g[i] as number) + 1 >= (cards[i] as number)) g[i--] = 0;
    if (i < 0) return;
    g[i] = (g[i] as number) + 1;
  }
}

const lexLess = (a: Genome, b: Genome) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
  return false;
};

function bruteForce(space: SearchSpace) {
  const classes = new Map<string, Genome>();
  for (const g of allGenomes(space)) {
    if (!isValid(space, g)) continue;
    const h = hashGenome(space, g);
    const best = classes.get(h);
    if (!best || lexLess(g, best)) classes.set(h, g);
  }
  return classes;
}

for (const [name, make] of [['ConvMixer', convSpace], ['ViT', vitSpace]] as const) {
  test(`spaceSize of a small ${name} space equals brute-force enumeration`, () => {
    const space = make();
    const classes = bruteForce(space);
    assert.ok(classes.size > 10);
    assert.equal(spaceSize(space), BigInt(classes.size));
  });

  test(`canonicalize gives every valid ${name} genome the smallest genome of its class`, () => {
    const space = make();
    const classes = bruteForce(space);
    for (const g of allGenomes(space)) {
      if (!isValid(space, g)) continue;
      const c = canonicalize(space, g);
      assert.deepEqual(c, classes.get(hashGenome(space, g)), `genome ${JSON.stringify(g)}`);
      assert.ok(isValid(space, c));
      assert.deepEqual(canonicalize(space, c), c);
    }
  });
}

test('a hand-counted space has the expected size', () => {
  // depth 4, pointwise or nothing shared, rates 1/2/4 uniform, sequential or strided, scratch:
  // unshared; AABB; ABAB; AAAA -> 4 architectures per backbone, 2 widths.
  const space = convSpace({
    backbone: { width: [8, 16], depth: [4], patch: [2], kernel: [3] },
    sharing: { components: [[], ['pointwise']], shareRate: [1, 2, 4], distribution: ['uniform'], mapping: ['sequential', 'strided'], init: ['scratch'] },
  });
  assert.equal(spaceSize(space), 8n);
});

test('share rate 1 with any mapping is the unshared network', () => {
  const space = convSpace();
  const unshared = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const mapping of [0, 1, 2]) {
    const g = [0, 0, 0, 0, 1, 0, 0, mapping, 0, 1];
    assert.equal(hashGenome(space, g), hashGenome(space, unshared));
    assert.deepEqual(canonicalize(space, g), unshared);
  }
});

test('one group of all layers is the same under every mapping and distribution', () => {
  const space = convSpace({ sharing: { shareRate: [1, 4] } });
  const hashes = new Set<string>();
  for (const dist of [0, 1, 2]) for (const mapping of [0, 1, 2]) hashes.add(hashGenome(space, [0, 0, 0, 0, 1, 1, dist, mapping, 0, 0]));
  assert.equal(hashes.size, 1);
});

test('different sharing plans hash differently', () => {
  const space = convSpace();
  const seq = hashGenome(space, [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  const strided = hashGenome(space, [0, 0, 0, 0, 1, 1, 0, 1, 0, 0]);
  const fused = hashGenome(space, [0, 0, 0, 0, 1, 1, 0, 0, 1, 0]);
  const both = hashGenome(space, [0, 0, 0, 0, 2, 1, 0, 0, 0, 0]);
  assert.equal(new Set([seq, strided, fused, both]).size, 4);
  assert.match(seq, /^[0-9a-f]{12}$/);
});

test('the hash is stable across edits of unrelated choice lists', () => {
  const a = convSpace();
  const b = convSpace({
    backbone: { width: [32, 16, 8], depth: [8, 6, 4], patch: [7, 2, 4], kernel: [5, 3] },
    sharing: { components: [['depthwise', 'pointwise'], ['pointwise'], ['depthwise'], []], mapping: ['random', 'strided', 'sequential'], init: ['mean', 'scratch', 'choose_first'] },
  });
  for (const g of [[1, 0, 1, 0, 1, 1, 0, 1, 1, 0], [0, 1, 0, 0, 2, 2, 1, 2, 0, 1], [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]]) {
    assert.equal(hashGenome(b, encode(b, decode(a, g))), hashGenome(a, g), `genome ${JSON.stringify(g)}`);
  }
});

test('hashing or canonicalising an invalid genome throws with the reason', () => {
  const space = convSpace();
  assert.throws(() => hashGenome(space, [0, 0, 0, 0, 1, 2, 0, 0, 0, 0]), /does not divide depth 4/);
  assert.throws(() => canonicalize(space, [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]), /needs something shared/);
});

test('the shipped default space has a known, exact size', async () => {
  const { loadSpace } = await import('../../src/space/index.js');
  const { repoRoot } = await import('./helpers.js');
  const space = loadSpace(`${repoRoot}/search-spaces/convmixer-fmnist.json`);
  assert.equal(spaceSize(space), 9756n);
});
