import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, geneCardinalities, geneNames, isValid, validateGenome } from '../../src/space/index.js';
import type { DecodedGenome } from '../../src/space/index.js';
import { ArchitectureError } from '../../src/errors.js';
import { convSpace, vitSpace } from './helpers.js';

test('genes come in a fixed order per family', () => {
  assert.deepEqual(geneNames(convSpace()), ['width', 'depth', 'patch', 'kernel', 'components', 'shareRate', 'distribution', 'mapping', 'init', 'mappingSeed']);
  assert.deepEqual(geneNames(vitSpace()), ['width', 'depth', 'patch', 'heads', 'mlpRatio', 'components', 'shareRate', 'distribution', 'mapping', 'init', 'mappingSeed']);
});

test('gene cardinalities are the lengths of the choice lists, mappingSeed from randomSeeds', () => {
  assert.deepEqual(geneCardinalities(convSpace()), [2, 2, 2, 1, 3, 3, 3, 3, 2, 2]);
  assert.equal(geneCardinalities(convSpace({ sharing: { randomSeeds: 5 } })).at(-1), 5);
});

test('mappingSeed has a single value when random is not a mapping choice', () => {
  assert.equal(geneCardinalities(convSpace({ sharing: { mapping: ['sequential', 'strided'] } })).at(-1), 1);
});

test('decode maps indices to values and encode maps them back', () => {
  const space = convSpace();
  const genome = [1, 0, 1, 0, 2, 1, 2, 1, 1, 1];
  const d = decode(space, genome);
  const expected: DecodedGenome = {
    width: 16, depth: 4, patch: 7, kernel: 3, components: ['depthwise', 'pointwise'],
    shareRate: 2, distribution: 'back', mapping: 'strided', init: 'mean', mappingSeed: 1,
  };
  assert.deepEqual(d, expected);
  assert.deepEqual(encode(space, d), genome);
});

test('encode finds component sets in any order and custom distributions by value', () => {
  const space = vitSpace();
  const d = decode(space, [0, 1, 0, 0, 0, 3, 0, 2, 0, 0, 0]);
  assert.deepEqual(d.distribution, [1, 3]);
  assert.deepEqual(encode(space, { ...d, components: ['mlp', 'attention'] }), [0, 1, 0, 0, 0, 3, 0, 2, 0, 0, 0]);
});

test('encode rejects a value that is not a choice, naming the gene', () => {
  const space = convSpace();
  const d = decode(space, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.throws(() => encode(space, { ...d, width: 24 }), (e: unknown) => e instanceof ArchitectureError && /width = 24/.test(e.message));
});

test('decode rejects genomes of the wrong length or with out-of-range genes', () => {
  const space = convSpace();
  assert.throws(() => decode(space, [0, 0]), /has 10 genes/);
  assert.throws(() => decode(space, [0, 0, 0, 0, 0, 0, 0, 0, 0, 7]), /mappingSeed .* got 7/);
  assert.throws(() => decode(space, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5]), ArchitectureError);
});

test('validity: a uniform share rate must divide the depth', () => {
  const space = convSpace();
  // depth 4, pointwise, rate 3, uniform
  assert.match(validateGenome(space, [0, 0, 0, 0, 1, 2, 0, 0, 0, 0]) ?? '', /does not divide depth 4/);
  // depth 6 works
  assert.equal(validateGenome(space, [0, 1, 0, 0, 1, 2, 0, 0, 0, 0]), null);
  // front with rate 3 on depth 4 is fine (groups [3,1])
  assert.equal(validateGenome(space, [0, 0, 0, 0, 1, 2, 1, 0, 0, 0]), null);
});

test('validity: custom group sizes must sum to the depth', () => {
  const space = vitSpace();
  assert.equal(validateGenome(space, [0, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0]), null);
  assert.match(validateGenome(space, [0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0]) ?? '', /sum to 4, not to depth 2/);
});

test('validity: fusion needs something shared', () => {
  const space = convSpace();
  assert.match(validateGenome(space, [0, 0, 0, 0, 0, 1, 0, 0, 1, 0]) ?? '', /fusion init mean needs something shared/);
  assert.match(validateGenome(space, [0, 0, 0, 0, 1, 0, 0, 0, 1, 0]) ?? '', /needs something shared/);
  assert.equal(validateGenome(space, [0, 0, 0, 0, 1, 1, 0, 0, 1, 0]), null);
});

test('validity: ViT heads must divide the width', () => {
  const space = vitSpace({ backbone: { width: [8, 12], heads: [4, 3] } });
  assert.equal(isValid(space, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), true);
  assert.match(validateGenome(space, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]) ?? '', /3 heads do not divide width 8/);
  assert.equal(isValid(space, [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]), true);
});

test('validity: a malformed genome is invalid with a reason, not an exception', () => {
  assert.match(validateGenome(convSpace(), [1, 2, 3]) ?? '', /has 10 genes/);
});
