import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, crossover, hashGenome, isValid, mutate, sampleGenome, spaceSize } from '../../src/space/index.js';
import { makeRng } from '../../src/util/random.js';
import { convSpace, vitSpace } from './helpers.js';

for (const [name, make] of [['ConvMixer', convSpace], ['ViT', vitSpace]] as const) {
  test(`sampled ${name} genomes are valid, canonical and reproducible from the seed`, () => {
    const space = make();
    const a = Array.from({ length: 200 }, (_, i) => sampleGenome(space, makeRng(i)));
    const rng = makeRng('x');
    const b = Array.from({ length: 200 }, () => sampleGenome(space, rng));
    for (const g of [...a, ...b]) {
      assert.ok(isValid(space, g), `sample ${JSON.stringify(g)}`);
      assert.deepEqual(canonicalize(space, g), g);
    }
    assert.deepEqual(Array.from({ length: 200 }, (_, i) => sampleGenome(space, makeRng(i))), a);
    assert.ok(new Set(b.map((g) => hashGenome(space, g))).size > 50, 'samples cover many architectures');
  });

  test(`mutated ${name} genomes are valid, canonical and a different architecture`, () => {
    const space = make();
    const rng = makeRng(3);
    for (let i = 0; i < 200; i++) {
      const parent = sampleGenome(space, rng);
      const child = mutate(space, parent, rng);
      assert.ok(isValid(space, child));
      assert.deepEqual(canonicalize(space, child), child);
      assert.notEqual(hashGenome(space, child), hashGenome(space, parent));
    }
  });

  test(`crossover of ${name} genomes only returns valid genomes built from the parents' genes`, () => {
    const space = make();
    const rng = makeRng(4);
    for (let i = 0; i < 200; i++) {
      const a = sampleGenome(space, rng);
      const b = sampleGenome(space, rng);
      const child = crossover(space, a, b, rng);
      assert.ok(isValid(space, child));
      assert.deepEqual(canonicalize(space, child), child);
    }
  });
}

test('sampling uniformly over architectures reaches every architecture of a small space', () => {
  const space = convSpace({
    backbone: { width: [8], depth: [4], patch: [2], kernel: [3] },
    sharing: { components: [[], ['pointwise']], shareRate: [1, 2, 4], distribution: ['uniform'], mapping: ['sequential', 'strided'], init: ['scratch'] },
  });
  const rng = makeRng(1);
  const seen = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const h = hashGenome(space, sampleGenome(space, rng, { uniformOver: 'architectures' }));
    seen.set(h, (seen.get(h) ?? 0) + 1);
  }
  assert.equal(BigInt(seen.size), spaceSize(space));
  for (const count of seen.values()) assert.ok(count > 60 && count < 140, `count ${count} of 400 over 4 classes`);
});

test('mutation with probability 1 changes genes and still returns a valid genome', () => {
  const space = convSpace();
  const rng = makeRng(8);
  const parent = sampleGenome(space, rng);
  const child = mutate(space, parent, rng, 1);
  assert.ok(isValid(space, child));
  assert.throws(() => mutate(space, parent, rng, 2), RangeError);
});

test('operators reject invalid parents', () => {
  const space = convSpace();
  const bad = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
  assert.throws(() => mutate(space, bad, makeRng(1)), /needs something shared/);
  assert.throws(() => crossover(space, bad, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], makeRng(1)), /first parent is invalid/);
});

test('the same seed gives the same mutation and the same crossover', () => {
  const space = vitSpace();
  const a = sampleGenome(space, makeRng(1));
  const b = sampleGenome(space, makeRng(2));
  assert.deepEqual(mutate(space, a, makeRng(5)), mutate(space, a, makeRng(5)));
  assert.deepEqual(crossover(space, a, b, makeRng(6)), crossover(space, a, b, makeRng(6)));
});
