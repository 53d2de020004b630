import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParetoFrontier, nonDominatedSort } from '../../src/pareto/index.js';

test('the frontier keeps only non-dominated points as they arrive', () => {
  const f = new ParetoFrontier();
  assert.equal(f.add('a', [2, 2]), true);
  assert.equal(f.add('b', [3, 3]), false);
  assert.equal(f.add('c', [1, 3]), true);
  assert.equal(f.add('d', [1, 1]), true);
  assert.deepEqual(f.ids(), ['d']);
  assert.equal(f.has('a'), false);
});

test('the incremental frontier equals the first front of a full sort', () => {
  let s = 5;
  const rng = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const points = Array.from({ length: 300 }, () => [rng(), rng(), rng()]);
  const f = new ParetoFrontier();
  points.forEach((p, i) => f.add(String(i), p));
  const first = nonDominatedSort(points)[0]!.map(String).sort();
  assert.deepEqual(f.ids().sort(), first);
});
