import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMeanStd, kendallTau, mean, std } from '../../src/study/stats.js';

test('mean and sample standard deviation match hand-computed values', () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  assert.ok(Math.abs(std([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935) < 1e-8);
  assert.equal(std([5]), 0);
  assert.ok(Number.isNaN(mean([])));
});

test('kendall tau is 1 for the same order, -1 for the reverse and tau-b with ties', () => {
  assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // Hand count: pairs (12)C (13)C (14)C (23)tieY (24)C (34)C -> C=5, D=0, tiesY=1
  // tau-b = 5 / sqrt(6 * 5)
  assert.ok(Math.abs(kendallTau([1, 2, 3, 4], [1, 2, 2, 3]) - 5 / Math.sqrt(30)) < 1e-12);
  assert.ok(Number.isNaN(kendallTau([1, 1, 1], [1, 2, 3])));
  assert.throws(() => kendallTau([1], [1, 2]), /lengths differ/);
});

test('mean ± std is formatted with fixed decimals', () => {
  assert.equal(formatMeanStd([0.8, 0.82]), '0.810 ± 0.014');
  assert.equal(formatMeanStd([0.8]), '0.800');
  assert.equal(formatMeanStd([]), 'n/a');
});
