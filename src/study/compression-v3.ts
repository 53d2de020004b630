/**
 * Compression on the family's curve (pure; the third edition's): the params of the unshared
 * model the curve predicts at a shared model's mean accuracy, over the shared model's params.
 * Its interval is a parametric bootstrap in which the seed noise and the curve fit are both
 * resampled: per resample the pooled SD is redrawn from its scaled chi-square (sd * sqrt(chi2_df
 * / df)), every family arm's mean and the shared model's mean from N(mean, sd*^2 / seeds), the
 * curve refitted and the compression recomputed. Deterministic (fixed seed). A resample whose
 * shared accuracy is above the refitted curve over the whole family range counts as +Infinity
 * ("beyond the range"), below it as 0.
 */
import seedrandom from 'seedrandom';
import { compressionAt, fitCurve } from './curve.js';
import type { Pooled } from './pooled.js';
import type { CompressionV3, PointResult } from './result-types.js';
import { mean } from './stats.js';

export const V3_RESAMPLES = 2000;

export function compressionV3(shared: PointResult, family: readonly PointResult[], pooled: Pooled, degree: number, resamples = V3_RESAMPLES): CompressionV3 {
  const arms = family.map((p) => ({ x: Math.log(p.params), mean: mean(p.accuracies), n: p.accuracies.length }));
  const curve = fitCurve(arms, degree);
  const at = mean(shared.accuracies);
  const point = curve ? compressionAt(curve, at, shared.params) : Number.NaN;
  const rng = seedrandom(`study-v3-compression:${shared.hash}`);
  const normal = (): number => {
    // Box-Muller; 1 - rng() is in (0, 1], so the log is finite.
    const u = 1 - rng();
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const chiSquare = (df: number): number => {
    if (df > 1000) return df + Math.sqrt(2 * df) * normal();
    let s = 0;
    for (let i = 0; i < df; i++) s += normal() ** 2;
    return s;
  };
  const ratios: number[] = [];
  for (let b = 0; b < resamples && curve; b++) {
    const sd = pooled.sd * Math.sqrt(chiSquare(pooled.df) / pooled.df);
    const redrawn = arms.map((a) => ({ ...a, mean: a.mean + (sd / Math.sqrt(a.n)) * normal() }));
    const refit = fitCurve(redrawn, degree);
    const accuracy = at + (sd / Math.sqrt(shared.accuracies.length)) * normal();
    ratios.push(refit ? compressionAt(refit, accuracy, shared.params) : Number.NaN);
  }
  const valid = ratios.filter((r) => !Number.isNaN(r)).sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const q = (f: number): number => (valid.length > 0 ? (valid[Math.min(valid.length - 1, Math.floor(f * valid.length))] as number) : Number.NaN);
  return {
    label: shared.label,
    params: shared.params,
    point,
    low: q(0.025),
    high: q(0.975),
    beyond: valid.length > 0 ? valid.filter((r) => r === Number.POSITIVE_INFINITY).length / valid.length : Number.NaN,
    below: valid.length > 0 ? valid.filter((r) => r === 0).length / valid.length : Number.NaN,
    resamples: valid.length,
  };
}
