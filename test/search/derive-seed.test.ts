import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSeed } from '../../src/search/rng.js';

test('derived trial seeds differ between run seeds and between trials', () => {
  const seen = new Set<number>();
  for (let seed = 0; seed < 20; seed++) {
    for (let trial = 0; trial < 50; trial++) seen.add(deriveSeed(seed, trial));
  }
  assert.equal(seen.size, 20 * 50);
  assert.notEqual(deriveSeed(0, 0), deriveSeed(1, 0));
  assert.equal(deriveSeed(3, 'parent:abc'), deriveSeed(3, 'parent:abc'));
  assert.ok(deriveSeed(7, 1) >= 0 && deriveSeed(7, 1) < 2 ** 31);
});
