/**
 * The pooled-variance model of the third edition (pure): every arm (one architecture on one
 * budget, one value per seed) shares one within-arm variance, estimated by pure error over
 * all arms; contrasts of arm means are tested with it (t on the pooled degrees of freedom).
 * With equal variances, as the second edition's data showed (arm SDs 0.06 to 0.38 points),
 * this is far more powerful than a Welch test on two arms of a few seeds each.
 */
import { studentTCdf, studentTQuantile } from './inference.js';
import { mean } from './stats.js';

export interface Pooled {
  /** Pooled within-arm SD (accuracy as a fraction, like the data). */
  sd: number;
  /** Degrees of freedom: observations minus arms. */
  df: number;
  arms: number;
}

/** Pure-error pooled SD over the arms (arms with one value add nothing); null with no df. */
export function pooledOf(arms: readonly (readonly number[])[]): Pooled | null {
  let ss = 0;
  let df = 0;
  let counted = 0;
  for (const values of arms) {
    if (values.length === 0) continue;
    counted++;
    const m = mean(values);
    for (const v of values) ss += (v - m) ** 2;
    df += values.length - 1;
  }
  return df > 0 ? { sd: Math.sqrt(ss / df), df, arms: counted } : null;
}

export interface TestResultT {
  estimate: number;
  se: number;
  t: number;
  df: number;
  /** One-sided p of "estimate <= 0" or two-sided p of "estimate = 0", as asked. */
  p: number;
  /** 95% interval of the estimate. */
  low: number;
  high: number;
}

/** t test of an estimate with a known variance factor: se = sd * sqrt(factor). */
export function tTest(estimate: number, factor: number, pooled: Pooled, sided: 1 | 2, level = 0.95): TestResultT {
  const se = pooled.sd * Math.sqrt(factor);
  const t = se > 0 ? estimate / se : estimate === 0 ? 0 : Math.sign(estimate) * Number.POSITIVE_INFINITY;
  const upper = Number.isFinite(t) ? 1 - studentTCdf(t, pooled.df) : t > 0 ? 0 : 1;
  const p = sided === 1 ? upper : Math.min(1, 2 * Math.min(upper, 1 - upper));
  const q = studentTQuantile(1 - (1 - level) / 2, pooled.df);
  return { estimate, se, t, df: pooled.df, p, low: estimate - q * se, high: estimate + q * se };
}

/** A contrast sum(c_i * mean_i) of arms (each a list of per-seed values). */
export function contrast(arms: readonly { values: readonly number[]; weight: number }[], pooled: Pooled, sided: 1 | 2): TestResultT {
  const estimate = arms.reduce((s, a) => s + a.weight * mean(a.values), 0);
  const factor = arms.reduce((s, a) => s + (a.weight * a.weight) / a.values.length, 0);
  return tTest(estimate, factor, pooled, sided);
}
