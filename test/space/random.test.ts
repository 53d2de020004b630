import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, pick, pickWeighted, randInt, shuffle, shuffleInPlace } from '../../src/util/random.js';

test('the same seed gives the same sequence, a different seed a different one', () => {
  const a = makeRng(42);
  const b = makeRng(42);
  const c = makeRng('other');
  const xs = [a(), a(), a()];
  assert.deepEqual([b(), b(), b()], xs);
  assert.notDeepEqual([c(), c(), c()], xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('a number seed and its string form are the same seed', () => {
  assert.equal(makeRng(7)(), makeRng('7')());
});

test('randInt stays in range and reaches every value', () => {
  const rng = makeRng(1);
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) {
    const v = randInt(rng, 5);
    assert.ok(Number.isInteger(v) && v >= 0 && v < 5);
    seen.add(v);
  }
  assert.equal(seen.size, 5);
  assert.throws(() => randInt(rng, 0), RangeError);
});

test('shuffle returns a permutation and leaves its input alone', () => {
  const input = [1, 2, 3, 4, 5, 6];
  const out = shuffle(makeRng(3), input);
  assert.deepEqual(input, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(out.slice().sort(), input);
  assert.deepEqual(shuffle(makeRng(3), input), out);
});

test('pick and pickWeighted choose deterministically and respect zero weights', () => {
  assert.equal(pick(makeRng(9), ['a', 'b', 'c']), pick(makeRng(9), ['a', 'b', 'c']));
  const rng = makeRng(5);
  for (let i = 0; i < 100; i++) assert.notEqual(pickWeighted(rng, [1, 0, 2]), 1);
  assert.throws(() => pick(rng, []), RangeError);
});

test('one generator serves every seeded draw: its state continues the stream, and it is the stream data splits always used', async () => {
  const a = makeRng('split:7');
  a();
  a();
  const saved = JSON.parse(JSON.stringify(a.state())) as unknown;
  const next = [a(), a(), a()];
  const resumed = makeRng('ignored when a state is given', saved);
  assert.deepEqual([resumed(), resumed(), resumed()], next);
  // Runs stored before makeRng served the data split drew from seedrandom's default stream.
  const { default: seedrandom } = await import('seedrandom');
  const legacy = seedrandom('split:7');
  const fresh = makeRng('split:7');
  assert.deepEqual([fresh(), fresh(), fresh()], [legacy(), legacy(), legacy()]);
});

test('shuffleInPlace draws like shuffle, in place', () => {
  const items = [0, 1, 2, 3, 4, 5, 6, 7];
  const copy = shuffle(makeRng(3), items);
  shuffleInPlace(items, makeRng(3));
  assert.deepEqual(items, copy);
  assert.notDeepEqual(copy, [0, 1, 2, 3, 4, 5, 6, 7]);
});
