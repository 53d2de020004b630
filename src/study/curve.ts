/**
 * The unshared family's accuracy-vs-log(params) curve (pure): a polynomial in x = ln(params)
 * fitted by least squares to every per-seed observation of the family, with the design's
 * (X'X)^-1 so that the variance of a prediction is sigma^2 * v(x). Used by the third
 * edition's analysis (docs/study-v3.md): the residual of a shared model above the curve,
 * and the compression the curve implies (the params of the unshared model the curve
 * predicts at the shared model's accuracy, over the shared model's params).
 */

export interface CurvePoint {
  /** ln(params) */
  x: number;
  /** Mean accuracy over the arm's seeds. */
  mean: number;
  /** Seeds (observations) of the arm. */
  n: number;
}

export interface Curve {
  degree: number;
  /** x is centred on the observations' mean x before the powers are taken (conditioning). */
  centre: number;
  /** Coefficients of 1, (x - centre), (x - centre)^2, ... */
  beta: number[];
  /** (X'X)^-1 over the per-seed observations. */
  inverse: number[][];
  /** Range of x the family covers: inside it the curve interpolates. */
  low: number;
  high: number;
}

function powers(x: number, degree: number): number[] {
  return Array.from({ length: degree + 1 }, (_, k) => x ** k);
}

/** Gauss-Jordan inverse of a small symmetric positive-definite matrix; null when singular. */
export function invert(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    a[col] = a[col]!.map((v) => v / p);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f !== 0) a[r] = a[r]!.map((v, j) => v - f * a[col]![j]!);
    }
  }
  return a.map((row) => row.slice(n));
}

/**
 * Least squares on the per-seed observations: an arm of n seeds with mean m weighs like n
 * observations at m (the within-arm scatter does not move the fit). Null when the family
 * has too few distinct sizes for the degree.
 */
export function fitCurve(points: readonly CurvePoint[], degree: number): Curve | null {
  const distinct = new Set(points.filter((p) => p.n > 0).map((p) => p.x)).size;
  if (distinct <= degree) return null;
  const k = degree + 1;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  // Centred x keeps the normal equations well conditioned.
  const centre = points.reduce((s, p) => s + p.n * p.x, 0) / points.reduce((s, p) => s + p.n, 0);
  for (const p of points) {
    const f = powers(p.x - centre, degree);
    for (let i = 0; i < k; i++) {
      xty[i]! += p.n * f[i]! * p.mean;
      for (let j = 0; j < k; j++) xtx[i]![j]! += p.n * f[i]! * f[j]!;
    }
  }
  const inverse = invert(xtx);
  if (!inverse) return null;
  const beta = inverse.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  const xs = points.filter((p) => p.n > 0).map((p) => p.x);
  return { degree, centre, beta, inverse, low: Math.min(...xs), high: Math.max(...xs) };
}

export function predict(curve: Pick<Curve, 'degree' | 'centre' | 'beta'>, x: number): number {
  const f = powers(x - curve.centre, curve.degree);
  return f.reduce((s, v, i) => s + v * curve.beta[i]!, 0);
}

/** v(x): the variance of the predicted mean at x is sigma^2 * v(x). */
export function predictionFactor(curve: Curve, x: number): number {
  const f = powers(x - curve.centre, curve.degree);
  let v = 0;
  for (let i = 0; i < f.length; i++) for (let j = 0; j < f.length; j++) v += f[i]! * curve.inverse[i]![j]! * f[j]!;
  return v;
}

/**
 * The x inside the family's range where the curve rises through `accuracy` (the largest such
 * x when the curve is not monotone there); -Infinity when the curve stays at or above it over
 * the whole range (a smaller model than the family's smallest would do), +Infinity when it
 * stays below it (the family's largest model is not enough: compression beyond the range).
 */
export function inverseAt(curve: Curve, accuracy: number): number {
  const steps = 400;
  const width = (curve.high - curve.low) / steps;
  let best: number | null = null;
  let prevX = curve.low;
  let prev = predict(curve, prevX) - accuracy;
  for (let s = 1; s <= steps; s++) {
    const x = curve.low + s * width;
    const value = predict(curve, x) - accuracy;
    if (prev < 0 && value >= 0) best = bisect(curve, accuracy, prevX, x);
    prevX = x;
    prev = value;
  }
  if (best !== null) return best;
  // No crossing: the curve is above the accuracy all along (or below it all along).
  return predict(curve, curve.low) >= accuracy ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

function bisect(curve: Curve, accuracy: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2;
    if (predict(curve, m) < accuracy) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

/** exp(x*) / params: how many times fewer parameters than the unshared model of equal accuracy. */
export function compressionAt(curve: Curve, accuracy: number, params: number): number {
  const x = inverseAt(curve, accuracy);
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  return Math.exp(x) / params;
}
