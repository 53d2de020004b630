// Vector helpers shared by the kernels. ASC_FEATURE_RELAXED_SIMD is a compile-time
// constant: the relaxed build uses one fused multiply-add, the plain build mul + add.

@inline export function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** a * b + c */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// erf(x) = x P(x^2) / Q(x^2) on x clamped to [-4, 4] (the rational form of math.ts).
const A1: f32 = -1.60960333262415e-2;
const A3: f32 = -2.95459980854025e-3;
const A5: f32 = -7.34990630326855e-4;
const A7: f32 = -5.69250639462346e-5;
const A9: f32 = -2.10102402082508e-6;
const A11: f32 = 2.77068142495902e-8;
const A13: f32 = -2.72614225801306e-10;
const B0: f32 = -1.42647390514189e-2;
const B2: f32 = -7.37332916720468e-3;
const B4: f32 = -1.68282697438203e-3;
const B6: f32 = -2.13374055278905e-4;
const B8: f32 = -1.45660718464996e-5;

@inline export function erf4(x: v128): v128 {
  const v = f32x4.pmax(f32x4.pmin(x, splat(4)), splat(-4));
  const v2 = f32x4.mul(v, v);
  const v4 = f32x4.mul(v2, v2);
  const v8 = f32x4.mul(v4, v4);
  const p = madd(v8, madd(v4, splat(A13), madd(splat(A11), v2, splat(A9))),
    madd(v4, madd(splat(A7), v2, splat(A5)), madd(splat(A3), v2, splat(A1))));
  const q = madd(v8, splat(B8), madd(v4, madd(splat(B6), v2, splat(B4)), madd(splat(B2), v2, splat(B0))));
  return f32x4.div(f32x4.mul(v, p), q);
}

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/**
 * e^u for u <= 0: u = n ln2 + r with |r| <= ln2/2, e^r by its degree-6 Taylor polynomial
 * (relative error ~1e-7), 2^n built in the exponent bits. u is clamped at -87 (e^-87 is
 * the smallest normal float32 range; below it the result is ~1e-38, not 0).
 */
@inline export function expNonPositive(u: v128): v128 {
  const x = f32x4.pmax(u, splat(-87));
  const n = f32x4.nearest(f32x4.mul(x, splat(LOG2E)));
  const r = madd(n, splat(-LN2_LO), madd(n, splat(-LN2_HI), x));
  let p = madd(r, splat(1.0 / 720), splat(1.0 / 120));
  p = madd(p, r, splat(1.0 / 24));
  p = madd(p, r, splat(1.0 / 6));
  p = madd(p, r, splat(0.5));
  p = madd(p, r, splat(1));
  p = madd(p, r, splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** One lane of a vector function, for the tails of arrays whose length is not a multiple of 4. */
@inline export function lane(f: v128): f32 {
  return f32x4.extract_lane(f, 0);
}
