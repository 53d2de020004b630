/** The third edition's statistics: the family curve, the pooled model, compression and its bootstrap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisV3 } from '../../src/study/analysis-v3.js';
import { compressionV3 } from '../../src/study/compression-v3.js';
import { compressionAt, fitCurve, inverseAt, predict, predictionFactor } from '../../src/study/curve.js';
import { contrast, pooledOf } from '../../src/study/pooled.js';
import type { GridResult, PointResult } from '../../src/study/result-types.js';
import type { Study } from '../../src/study/types.js';
import { loadStudy } from '../../src/study/load.js';
import { repoPath } from './helpers.js';

const near = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('the curve recovers a known quadratic and its prediction variance matches the straight-line formula', () => {
  const f = (x: number): number => 0.5 + 0.03 * x - 0.001 * x * x;
  const xs = [9, 9.5, 10, 10.5, 11, 12];
  const curve = fitCurve(xs.map((x) => ({ x, mean: f(x), n: 4 })), 2)!;
  for (const x of [9.2, 10.7, 11.9]) near(predict(curve, x), f(x), 1e-9, `curve at ${x}`);
  // Degree 1: v(x) = 1/N + (x - mean x)^2 / Sxx over the per-seed observations.
  const line = fitCurve(xs.map((x) => ({ x, mean: 0, n: 4 })), 1)!;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sxx = xs.reduce((s, x) => s + 4 * (x - mx) ** 2, 0);
  for (const x of [9, 10.3, 12]) near(predictionFactor(line, x), 1 / 24 + (x - mx) ** 2 / sxx, 1e-12, `v(${x})`);
  // Too few distinct sizes for the degree: no curve.
  assert.equal(fitCurve([{ x: 1, mean: 0.5, n: 3 }, { x: 2, mean: 0.6, n: 3 }], 2), null);
});

test('inverting the curve: inside the range, below it (0) and beyond it (Infinity)', () => {
  const curve = fitCurve([9, 10, 11, 12].map((x) => ({ x, mean: 0.8 + 0.01 * (x - 9), n: 2 })), 1)!;
  near(inverseAt(curve, 0.815), 10.5, 1e-9, 'x at 0.815');
  near(compressionAt(curve, 0.815, Math.exp(10.5) / 2), 2, 1e-9, 'compression 2x');
  assert.equal(compressionAt(curve, 0.79, 1000), 0);
  assert.equal(compressionAt(curve, 0.9, 1000), Number.POSITIVE_INFINITY);
});

test('pooled SD by pure error, and a contrast on it', () => {
  const pooled = pooledOf([[1, 3], [10, 12, 14], [7]])!;
  // SS = 2 + 8 = 10 over df = 1 + 2 = 3.
  near(pooled.sd, Math.sqrt(10 / 3), 1e-12, 'sd');
  assert.equal(pooled.df, 3);
  const t = contrast([{ values: [10, 12, 14], weight: 1 }, { values: [1, 3], weight: -1 }], pooled, 2);
  near(t.estimate, 10, 1e-12, 'estimate');
  near(t.se, Math.sqrt(10 / 3) * Math.sqrt(1 / 3 + 1 / 2), 1e-12, 'se');
  assert.ok(t.low < 10 && t.high > 10 && t.p < 0.05);
});

function point(label: string, params: number, accuracies: number[], shared: boolean, extra: Partial<PointResult> = {}): PointResult {
  return { hash: label, label, block: 'pointwise-residual', varied: {}, shared, fused: false, params, trainingParams: params, flops: 0, accuracies, interval: null, imagesSeen: 1000, totalImages: 1000, ...extra };
}

/** Eight seeds scattered around `m` with SD about 0.002 (fixed pattern, mean exactly m). */
function seeds(m: number): number[] {
  return [-3, -2, -1, 0, 0, 1, 2, 3].map((d) => m + d * 0.001);
}

test('a shared model planted one point above a family on a known curve: H1 holds, the compression is where the curve says, and the interval covers it', () => {
  const f = (params: number): number => 0.8 + 0.02 * Math.log(params / 10_000);
  const family = [10_000, 20_000, 40_000, 80_000, 160_000].map((n) => point(`u${n}`, n, seeds(f(n)), false));
  const above = point('above', 30_000, seeds(f(30_000) + 0.01), true);
  const level = point('level', 30_000, seeds(f(30_000)), true, { hash: 'level' });
  const grids: GridResult[] = [
    { experiment: 'family', varies: ['width'], points: family },
    { experiment: 'shared', varies: ['shareRate'], points: [above, level] },
  ];
  const study: Study = { file: 'x.json', name: 'planted', space: 's', seeds: [0, 1, 2, 3, 4, 5, 6, 7], budget: {}, experiments: [], analysis: 3 };
  const a = analysisV3({ study, space: loadStudy(repoPath('studies/spin-fmnist-v3-ci.json')).space, plan: { units: [], grids: new Map() }, rows: [], grids, controls: new Set(), alpha: 0.05 });
  assert.deepEqual(a.confirmatory.map((c) => [c.id, c.arms[0]]), [['H1', 'above'], ['H2', 'level']]);
  const [h1, h2] = a.confirmatory;
  near(h1!.estimate, 0.01, 1e-9, 'H1 residual');
  assert.equal(h1!.verdict, 'above the curve');
  assert.ok(h1!.adjustedP >= h1!.p);
  assert.equal(h2!.verdict, 'not shown above the curve');
  // f(x*) = f(30k) + 0.01 -> x* = ln(30k) + 0.5: compression e^0.5 = 1.65x.
  const c = a.primary.compression.find((x) => x.label === 'above')!;
  near(c.point, Math.exp(0.5), 1e-6, 'compression');
  assert.ok(c.low < c.point && c.high > c.point && c.high - c.low > 0.01, `interval [${c.low}, ${c.high}] has width and covers the point`);
  assert.equal(c.resamples, 2000);
  assert.equal(a.primary.headline?.label, 'above', 'the headline is the smallest shared model (ties: first in the design)');
  assert.equal(a.seedsPerArm['u10000 @ study'], 8);
  near(a.pooled!.sd, Math.sqrt((2 * (9 + 4 + 1) * 1e-6) / 7), 1e-12, 'pooled sd');
  // Deterministic: the same inputs give the same interval.
  assert.deepEqual(compressionV3(above, family, a.pooled!, 2), c);
});

test('the full third-edition study plans what docs/study-v3.md pre-registers', async () => {
  const { planStudy } = await import('../../src/study/units.js');
  const { study, space } = loadStudy(repoPath('studies/spin-fmnist-v3.json'));
  assert.equal(study.analysis, 3);
  assert.deepEqual(study.seeds, [0, 1, 2, 3, 4, 5, 6, 7]);
  const plan = planStudy(study, space);
  const widths = (name: string): unknown[] => (plan.grids.get(name) ?? []).map((a) => a.varied['width']);
  assert.deepEqual(widths('family'), [32, 48, 64, 96, 128]);
  assert.deepEqual(widths('family-shallow'), [64, 128]);
  const grid = plan.units.filter((u) => u.kind === 'grid');
  assert.ok(grid.every((u) => u.evaluateTest === true && u.budget.epochs === 4), 'every equal-images training reads the test set once');
  const convergence = plan.units.filter((u) => u.kind === 'equal-compute');
  assert.equal(convergence.length, 8);
  assert.ok(convergence.every((u) => u.budget.epochs === 8 && u.evaluateTest === true && u.trials === 6), 'the convergence arm: 64/96/128 and three shared models on 8 epochs');
  const searches = plan.units.filter((u) => u.kind === 'search');
  assert.deepEqual([...new Set(searches.map((u) => u.strategy))].sort(), ['motpe', 'nsga2', 'random']);
  assert.equal(searches.length, 24, 'three strategies x 8 seeds (>= 5 each)');
  assert.ok(searches.every((u) => u.maxCompute === 3e12), 'every search arm stops at the same training compute');
});

test('analysis 3 on the second edition\'s committed data reproduces the issue\'s re-analysis (+0.57 points above a straight line, about 1.5x)', async () => {
  const { readFileSync } = await import('node:fs');
  const { aggregateRows } = await import('../../src/study/aggregate.js');
  const { rowsFromJsonl } = await import('../../src/study/data.js');
  const { planStudy } = await import('../../src/study/units.js');
  const { study, space } = loadStudy(repoPath('studies/spin-fmnist-v2.json'));
  study.analysis = 3;
  const file = repoPath('studies/results/spin-fmnist-v2.trials.jsonl');
  const v3 = aggregateRows(study, space, planStudy(study, space), rowsFromJsonl(readFileSync(file, 'utf8'), file)).v3!;
  const label = 'ConvMixer-64/8 k5 p4 · depthwise+pointwise shared r=4 sequential';
  near(v3.primary.linearResiduals.find((r) => r.label === label)!.residual, 0.0057, 0.0005, 'residual above the straight line');
  near(v3.pooled!.sd, 0.00234, 0.00001, 'pooled SD of the second edition');
  const c = v3.primary.headline!;
  assert.equal(c.label, label);
  assert.ok(c.point > 1.4 && c.point < 1.7 && c.low > 1.1 && c.high < 2.1, `compression ${c.point} [${c.low}, ${c.high}]`);
});
