import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  holm,
  kendallTauInterval,
  nonInferiorityP,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  welch,
} from '../../src/study/inference.js';

// Reference values computed with SciPy 1.10 (scipy.stats.t, scipy.stats.norm, ttest_ind(equal_var=False)).
const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

test("Student's t CDF matches SciPy at fractional degrees of freedom", () => {
  close(studentTCdf(1.3, 2.5), 0.849756605364646, 1e-9, 'cdf(1.3, 2.5)');
  close(studentTCdf(-0.4, 17.2), 0.3470402381464117, 1e-9, 'cdf(-0.4, 17.2)');
  close(studentTCdf(-2.5, 3.7), 0.035911011455913376, 1e-9, 'cdf(-2.5, 3.7)');
  assert.equal(studentTCdf(0, 4), 0.5);
});

test("Student's t quantiles match SciPy (the 95% two-sided critical values)", () => {
  close(studentTQuantile(0.975, 1), 12.706204736432095, 1e-7, 'df 1');
  close(studentTQuantile(0.975, 2), 4.302652729911275, 1e-8, 'df 2');
  close(studentTQuantile(0.975, 4.3), 2.7016948982822235, 1e-8, 'df 4.3');
  close(studentTQuantile(0.975, 10), 2.2281388519649385, 1e-8, 'df 10');
  close(studentTQuantile(0.9, 3.3), 1.598366956558645, 1e-8, 'df 3.3, p 0.9');
  close(studentTQuantile(0.025, 10), -2.2281388519649385, 1e-8, 'lower tail');
});

test('the normal quantile matches SciPy in the centre and the tails', () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-8, 'p 0.975');
  close(normalQuantile(0.001), -3.090232306167813, 1e-8, 'p 0.001');
});

test("Welch's test matches SciPy's ttest_ind(equal_var=False), with n = 3 and n = 5", () => {
  const three = welch([0.871, 0.866, 0.874], [0.862, 0.858, 0.869]);
  close(three.t, 1.8461989882527348, 1e-9, 't (n=3)');
  close(three.p, 0.14543599224739723, 1e-8, 'p (n=3)');
  const five = welch([0.91, 0.905, 0.912, 0.899, 0.907], [0.903, 0.9, 0.896, 0.908, 0.898]);
  close(five.t, 1.8207170485345365, 1e-9, 't (n=5)');
  close(five.p, 0.10631697104663694, 1e-8, 'p (n=5)');
  // The interval is centred on the difference and excludes 0 exactly when p < 0.05.
  close((five.low + five.high) / 2, five.difference, 1e-12, 'centre');
  assert.ok(five.low < 0 && five.high > 0);
});

test("Welch's test needs two values per group and handles zero variance", () => {
  assert.throws(() => welch([1], [1, 2]), /at least 2 values per group/);
  assert.equal(welch([0.5, 0.5], [0.5, 0.5]).p, 1);
  assert.equal(welch([0.6, 0.6], [0.5, 0.5]).p, 0);
});

test('non-inferiority: a model 0.1 points below the baseline matches it within a 0.5-point margin, 2 points below does not', () => {
  const baseline = [0.9, 0.902, 0.898, 0.901, 0.899];
  const near = baseline.map((v) => v - 0.001);
  const far = baseline.map((v) => v - 0.02);
  assert.ok(nonInferiorityP(near, baseline, 0.005) < 0.01);
  assert.ok(nonInferiorityP(far, baseline, 0.005) > 0.99);
  assert.throws(() => nonInferiorityP(near, baseline, -1), /margin must be >= 0/);
});

test('Holm adjusts step-down, keeps the input order, and is monotone in the sorted p-values', () => {
  const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
  // sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 -> max(0.06, 0.04) = 0.06
  assert.deepEqual(
    adjusted.map((p) => Number(p.toFixed(6))),
    [0.03, 0.06, 0.06, 0.02],
  );
  assert.deepEqual(holm([0.9, 0.8]), [1, 1]); // 0.8 * 2 is capped at 1
  assert.deepEqual(holm([]), []);
});

test("Kendall's tau interval contains tau, narrows with n, and is clipped to [-1, 1]", () => {
  const small = kendallTauInterval(0.7142857142857142, 8);
  const large = kendallTauInterval(0.7142857142857142, 80);
  assert.ok(small.low < 0.714 && small.high > 0.714);
  assert.ok(large.high - large.low < small.high - small.low);
  assert.ok(small.low >= -1 && small.high <= 1);
  assert.throws(() => kendallTauInterval(0.5, 4), /at least 5 pairs/);
});
