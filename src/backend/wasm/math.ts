/**
 * Scalar maths for the JS kernels: exp of a non-positive argument without Math.exp
 * (about 2x faster in V8, relative error < 2e-7, below float32 resolution), and erf.
 */

const POW2 = new Float64Array(200);
for (let i = 0; i < POW2.length; i++) POW2[i] = 2 ** (i - 199);
const LN2_HI = 0.693145751953125;
const LN2_LO = 1.428606765330187e-6;

/** e^v for v <= 0 (0 below -103, where float32 underflows). */
export function expNonPositive(v: number): number {
  if (v < -103) return 0;
  const k = Math.round(v * Math.LOG2E);
  const r = v - k * LN2_HI - k * LN2_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  return p * POW2[k + 199]!;
}

/**
 * erf(x) as x P(x^2) / Q(x^2) on x clamped to [-4, 4]: the rational approximation used by
 * Eigen and XNNPACK for float32 (max abs error < 1e-7, no exp, ~3x faster than A&S 7.1.26).
 */
export function erf(x: number): number {
  const v = x > 4 ? 4 : x < -4 ? -4 : x;
  const v2 = v * v;
  let p = v2 * -2.72614225801306e-10 + 2.77068142495902e-8;
  p = p * v2 - 2.10102402082508e-6;
  p = p * v2 - 5.69250639462346e-5;
  p = p * v2 - 7.34990630326855e-4;
  p = p * v2 - 2.95459980854025e-3;
  p = p * v2 - 1.60960333262415e-2;
  let q = v2 * -1.45660718464996e-5 - 2.13374055278905e-4;
  q = q * v2 - 1.68282697438203e-3;
  q = q * v2 - 7.37332916720468e-3;
  q = q * v2 - 1.42647390514189e-2;
  return (v * p) / q;
}

/** d erf(x) / dx = 2/sqrt(pi) e^(-x^2). */
export const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
