import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PointResult, Table } from '../../src/study/result-types.js';
import { compressionOf } from '../../src/study/compression.js';
import { findingsOf } from '../../src/study/findings.js';
import { splitTraining } from '../../src/data/index.js';

function point(label: string, params: number, accuracies: number[], shared = true): PointResult {
  return {
    hash: label, label, block: 'pointwise-residual', varied: {}, shared, fused: false, params, trainingParams: params, flops: 0,
    accuracies, interval: null, imagesSeen: 1000, totalImages: 1000,
  };
}

const baseline = point('base', 100_000, [0.9, 0.901, 0.899], false);

function table(points: PointResult[]): Table {
  return { setting: 'equal total compute', points, baseline };
}

test('the headline picks the smallest shared model along a fixed sequence of non-inferiority tests, largest first', () => {
  const c = compressionOf(table([baseline, point('s60', 60_000, [0.9005, 0.9, 0.9015]), point('s30', 30_000, [0.899, 0.9, 0.9]), point('s10', 10_000, [0.85, 0.86, 0.855])]), 3, 0.005, 0.05);
  assert.equal(c.best?.label, 's30');
  assert.equal(c.ratio, 100_000 / 30_000);
  assert.ok(c.p < 0.05, `p ${c.p}`);
  // The point-estimate rule agrees, and every resample of 3 seeds finds a match.
  assert.equal(c.estimate.best, 's30');
  assert.ok(c.estimate.low > 1 && c.estimate.high >= c.estimate.low);
  assert.equal(c.estimate.resamples, 2000);
  assert.ok(c.estimate.distinct <= 10);
});

test('a candidate that fails stops the sequence: a smaller one behind it is not claimed', () => {
  const c = compressionOf(table([baseline, point('s60', 60_000, [0.85, 0.86, 0.855]), point('s30', 30_000, [0.9, 0.9, 0.901])]), 3, 0.005, 0.05);
  assert.equal(c.best, null);
  assert.ok(c.p > 0.05);
  // The point estimate still reports the smaller match; the verdict does not.
  assert.equal(c.estimate.best, 's30');
});

test('the bootstrap is deterministic: the same table gives the same interval', () => {
  const t = table([baseline, point('s30', 30_000, [0.895, 0.905, 0.899])]);
  assert.deepEqual(compressionOf(t, 3, 0.005, 0.05).estimate, compressionOf(t, 3, 0.005, 0.05).estimate);
});

test('findings: a clear difference holds after Holm, a tie is equivalent within the margin, and all p-values are corrected together', () => {
  const ref = { ...point('seq', 30_000, [0.9, 0.902, 0.901, 0.9, 0.901]), varied: { mapping: 'sequential' } };
  const worse = { ...point('strided', 30_000, [0.85, 0.852, 0.851, 0.85, 0.849]), varied: { mapping: 'strided' } };
  const tie = { ...point('random', 30_000, [0.9005, 0.9005, 0.9012, 0.9, 0.9008]), varied: { mapping: 'random' } };
  const compression = compressionOf(table([baseline, ref]), 3, 0.005, 0.05);
  const findings = findingsOf({ grids: [{ experiment: 'mapping', varies: ['mapping'], points: [ref, worse, tie] }], tables: [], searches: [], compression: [compression], margin: 0.005, alpha: 0.05 });
  assert.equal(findings.length, 2);
  const [strided, random] = findings;
  assert.equal(strided?.verdict, 'held');
  assert.ok((strided?.difference ?? 0) > 0.04 && (strided?.low ?? 0) > 0);
  assert.match(random!.verdict, /equivalent within ±0\.5 points/);
  // Holm over 2 findings x 2 tests + 1 headline: adjusted p >= raw p, and at most 5x it.
  for (const f of findings) {
    assert.ok(f.adjustedP >= f.p && f.adjustedP <= Math.min(1, 5 * f.p) + 1e-12);
    assert.ok(f.adjustedEquivalenceP >= f.equivalenceP);
  }
  assert.ok(compression.adjustedP >= compression.p || Number.isNaN(compression.p));
});

test('a study draws a different training subset per seed and validates on the same images', () => {
  const a = splitTraining(1000, { validationSize: 200, trainSubset: 100, splitSeed: 0, subsetSeed: 0 });
  const b = splitTraining(1000, { validationSize: 200, trainSubset: 100, splitSeed: 0, subsetSeed: 1 });
  assert.deepEqual(Array.from(a.validation), Array.from(b.validation));
  assert.notDeepEqual(Array.from(a.train), Array.from(b.train));
  const validation = new Set(a.validation);
  assert.ok([...a.train, ...b.train].every((i) => !validation.has(i)));
});
