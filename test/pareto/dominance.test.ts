import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dominates, toMinimization } from '../../src/pareto/index.js';

test('a point dominates another when no worse everywhere and better somewhere', () => {
  assert.equal(dominates([1, 2], [2, 2]), true);
  assert.equal(dominates([2, 2], [1, 2]), false);
  assert.equal(dominates([1, 2], [1, 2]), false);
  assert.equal(dominates([1, 3], [2, 2]), false);
});

test('maximised objectives flip the comparison', () => {
  // accuracy (max), params (min)
  const dirs = ['maximize', 'minimize'] as const;
  assert.equal(dominates([0.9, 100], [0.8, 100], dirs), true);
  assert.equal(dominates([0.8, 100], [0.9, 100], dirs), false);
  assert.equal(dominates([0.9, 50], [0.8, 100], dirs), true);
  assert.equal(dominates([0.9, 150], [0.8, 100], dirs), false);
  assert.deepEqual(toMinimization([0.9, 150], dirs), [-0.9, 150]);
});
