/**
 * Inference for study findings (pure): Welch's t-test with a confidence interval of the
 * difference of means, a non-inferiority test against a stated margin, Holm's step-down
 * correction over a family of findings, and an interval for Kendall's tau.
 *
 * The Student t distribution is computed through the regularised incomplete beta function
 * (continued fraction, modified Lentz); quantiles by bisection on the CDF. Accurate to
 * ~1e-10, which is far below anything a table prints.
 */
import { mean, std } from './stats.js';

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9).
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` (> 0, not necessarily integer) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: degrees of freedom must be > 0, got ${df}`);
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The `p` quantile of Student's t with `df` degrees of freedom (0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface WelchResult {
  /** mean(a) - mean(b) */
  difference: number;
  t: number;
  df: number;
  /** Two-sided p-value of "the means are equal". */
  p: number;
  /** Confidence interval of the difference (level given by the caller, default 95%). */
  low: number;
  high: number;
}

/**
 * Welch's unequal-variance t-test of mean(a) vs mean(b). Needs two values on each side.
 * When both samples have zero variance the test is degenerate: p is 0 if the means differ
 * and 1 if they are equal, and the interval is the point difference.
 */
export function welch(a: readonly number[], b: readonly number[], level = 0.95): WelchResult {
  if (a.length < 2 || b.length < 2) {
    throw new RangeError(`welch: needs at least 2 values per group, got ${a.length} and ${b.length}`);
  }
  const difference = mean(a) - mean(b);
  const va = std(a) ** 2 / a.length;
  const vb = std(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    return { difference, t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df: a.length + b.length - 2, p: difference === 0 ? 1 : 0, low: difference, high: difference };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = difference / se;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  return { difference, t, df, p, low: difference - q * se, high: difference + q * se };
}

/**
 * One-sided Welch test of non-inferiority: H0 "mean(a) <= mean(b) - margin" against
 * "mean(a) > mean(b) - margin" (a is no worse than b by more than `margin`). Returns the
 * one-sided p-value; a small p supports "a matches b within the margin".
 */
export function nonInferiorityP(a: readonly number[], b: readonly number[], margin: number): number {
  if (!(margin >= 0)) throw new RangeError(`nonInferiorityP: margin must be >= 0, got ${margin}`);
  const shifted = welch(a, b.map((v) => v - margin));
  if (!Number.isFinite(shifted.t)) return shifted.t > 0 ? 0 : 1;
  return 1 - studentTCdf(shifted.t, shifted.df);
}

/**
 * Holm's step-down adjusted p-values (same order as the input): controls the family-wise
 * error rate over all the findings. Reject a finding at level alpha when its adjusted
 * p-value is <= alpha.
 */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * A confidence interval for Kendall's tau by the Fisher z transform with the variance
 * 0.437 / (n - 4) (Fieller, Hartley and Pearson, 1957). Needs n >= 5 pairs; the bounds
 * are clipped to [-1, 1].
 */
export function kendallTauInterval(tau: number, n: number, level = 0.95): { low: number; high: number } {
  if (n < 5) throw new RangeError(`kendallTauInterval: needs at least 5 pairs, got ${n}`);
  if (Math.abs(tau) >= 1) return { low: tau, high: tau };
  const z = Math.atanh(tau);
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(0.437 / (n - 4));
  return { low: Math.max(-1, Math.tanh(z - half)), high: Math.min(1, Math.tanh(z + half)) };
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tailPoly = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tailPoly(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tailPoly(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
