// GELU (exact erf form) forward and backward, four lanes at a time.
import { erf4, expNonPositive, lane, madd, splat } from './vec';

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

@inline export function gelu4(x: v128): v128 {
  const half = f32x4.mul(x, splat(0.5));
  return madd(half, erf4(f32x4.mul(x, splat(SQRT1_2))), half);
}

/** y = x Phi(x) over n floats. */
export function gelu(x: usize, y: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  const end4 = x + ((<usize>(n & ~3)) << 2);
  for (; x < end4; x += 16, y += 16) v128.store(y, gelu4(v128.load(x)));
  for (; x < end; x += 4, y += 4) store<f32>(y, lane(gelu4(f32x4.splat(load<f32>(x)))));
}

/** dx = dy (Phi(x) + x phi(x)), with Phi(x) read back as y / x (0.5 where |x| <= 1e-30). */
@inline export function geluGrad4(x: v128, y: v128, dy: v128): v128 {
  const tiny = f32x4.le(f32x4.abs(x), splat(1e-30));
  const cdf = v128.bitselect(splat(0.5), f32x4.div(y, x), tiny);
  const pdf = f32x4.mul(expNonPositive(f32x4.mul(f32x4.mul(x, x), splat(-0.5))), splat(INV_SQRT_2PI));
  return f32x4.mul(dy, madd(x, pdf, cdf));
}

export function geluGrad(x: usize, y: usize, dy: usize, dx: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  const end4 = x + ((<usize>(n & ~3)) << 2);
  for (; x < end4; x += 16, y += 16, dy += 16, dx += 16) {
    v128.store(dx, geluGrad4(v128.load(x), v128.load(y), v128.load(dy)));
  }
  for (; x < end; x += 4, y += 4, dy += 4, dx += 4) {
    store<f32>(dx, lane(geluGrad4(f32x4.splat(load<f32>(x)), f32x4.splat(load<f32>(y)), f32x4.splat(load<f32>(dy)))));
  }
}

/** y = erf(x) over n floats (the layers' built-in 'gelu' activation runs on Erf). */
export function erf(x: usize, y: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  const end4 = x + ((<usize>(n & ~3)) << 2);
  for (; x < end4; x += 16, y += 16) v128.store(y, erf4(v128.load(x)));
  for (; x < end; x += 4, y += 4) store<f32>(y, lane(erf4(f32x4.splat(load<f32>(x)))));
}

const TWO_OVER_SQRT_PI: f32 = 1.1283791670955126;

@inline function erfGrad4(x: v128, dy: v128): v128 {
  return f32x4.mul(dy, f32x4.mul(expNonPositive(f32x4.neg(f32x4.mul(x, x))), splat(TWO_OVER_SQRT_PI)));
}

/** dx = dy 2/sqrt(pi) e^(-x^2). */
export function erfGrad(x: usize, dy: usize, dx: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  const end4 = x + ((<usize>(n & ~3)) << 2);
  for (; x < end4; x += 16, dy += 16, dx += 16) v128.store(dx, erfGrad4(v128.load(x), v128.load(dy)));
  for (; x < end; x += 4, dy += 4, dx += 4) store<f32>(dx, lane(erfGrad4(f32x4.splat(load<f32>(x)), f32x4.splat(load<f32>(dy)))));
}
