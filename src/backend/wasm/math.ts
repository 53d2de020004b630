/**
 * Scalar maths for the JS kernels: exp of a non-positive argument without Math.exp
 * (about 2x faster in V8, relative error < 2e-7, below float32 resolution), and erf by
 * Abramowitz & Stegun 7.1.26 (the formula, and constants, of tfjs's cpu backend).
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

const ERF_P = 0.3275911;
const A1 = 0.254829592;
const A2 = -0.284496736;
const A3 = 1.421413741;
const A4 = -1.453152027;
const A5 = 1.061405429;

export function erf(x: number): number {
  const a = Math.abs(x);
  const t = 1 / (1 + ERF_P * a);
  const y = 1 - ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * expNonPositive(-a * a);
  return x < 0 ? -y : y;
}

/** d erf(x) / dx = 2/sqrt(pi) e^(-x^2). */
export const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
