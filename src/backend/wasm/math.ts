/**
 * Scalar maths for the JS kernels: e^(-u) from a table (V8's Math.exp costs ~3x more),
 * and erf without exp.
 */

const STEPS = 32;
const INV_STEPS = 1 / STEPS;
const SIXTH = 1 / 6;
const MAX_U = 104; // e^(-104) underflows float32
const EXP_TABLE = new Float64Array(MAX_U * STEPS + 1);
for (let i = 0; i < EXP_TABLE.length; i++) EXP_TABLE[i] = Math.exp(-i / STEPS);

/**
 * e^(-u) for u >= 0: e^(-i/32) from the table times a cubic for the remaining
 * f < 1/32 (relative error < 5e-8, below float32 resolution).
 */
export function expNeg(u: number): number {
  if (u >= MAX_U) return 0;
  const s = u * STEPS;
  const i = s | 0;
  const f = (s - i) * INV_STEPS;
  return EXP_TABLE[i]! * (1 - f * (1 - f * (0.5 - f * SIXTH)));
}

const A1 = -1.60960333262415e-2;
const A3 = -2.95459980854025e-3;
const A5 = -7.34990630326855e-4;
const A7 = -5.69250639462346e-5;
const A9 = -2.10102402082508e-6;
const A11 = 2.77068142495902e-8;
const A13 = -2.72614225801306e-10;
const B0 = -1.42647390514189e-2;
const B2 = -7.37332916720468e-3;
const B4 = -1.68282697438203e-3;
const B6 = -2.13374055278905e-4;
const B8 = -1.45660718464996e-5;

/**
 * erf(x) as x P(x^2) / Q(x^2) on x clamped to [-4, 4]: the rational approximation used by
 * Eigen and XNNPACK for float32 (max abs error < 1e-7, no exp). The polynomials are
 * evaluated by Estrin's scheme: shorter dependency chains, ~25% faster than Horner in V8.
 */
export function erf(x: number): number {
  const v = x > 4 ? 4 : x < -4 ? -4 : x;
  const v2 = v * v;
  const v4 = v2 * v2;
  const v8 = v4 * v4;
  const p = A1 + A3 * v2 + v4 * (A5 + A7 * v2) + v8 * (A9 + A11 * v2 + v4 * A13);
  const q = B0 + B2 * v2 + v4 * (B4 + B6 * v2) + v8 * B8;
  return (v * p) / q;
}

/** d erf(x) / dx = 2/sqrt(pi) e^(-x^2). */
export const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
