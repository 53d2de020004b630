// Softmax cross-entropy of logits x[rows, cols] against labels l[rows, cols], row by row,
// numerically stable: every exponent is x - max(row) <= 0.
import { expNonPositive, lane } from './vec';

const LN2: f64 = 0.6931471805599453;
const SQRT2: f64 = 1.4142135623730951;

/**
 * ln x for the row sums of exponentials (x >= 1). Our own so the module keeps no tables:
 * x = 2^e m with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(z), z = (m - 1) / (m + 1),
 * |z| < 0.172, its odd series to z^17 (error < 1e-16).
 */
function logPositive(x: f64): f64 {
  if (!(x > 0 && x < Infinity)) return x > 0 ? x : NaN;
  const bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (e == -1023) return logPositive(x * 4503599627370496.0) - 52 * LN2; // subnormal
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const z = (m - 1) / (m + 1);
  const z2 = z * z;
  let p: f64 = 1.0 / 17;
  p = p * z2 + 1.0 / 15;
  p = p * z2 + 1.0 / 13;
  p = p * z2 + 1.0 / 11;
  p = p * z2 + 1.0 / 9;
  p = p * z2 + 1.0 / 7;
  p = p * z2 + 1.0 / 5;
  p = p * z2 + 1.0 / 3;
  p = p * z2 + 1;
  return <f64>e * LN2 + 2 * z * p;
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** The largest value of the row at x (NaN if it holds one). */
function rowMax(x: usize, cols: i32): f32 {
  const end = x + ((<usize>cols) << 2);
  const end4 = x + ((<usize>(cols & ~3)) << 2);
  let mv = f32x4.splat(-Infinity);
  for (; x < end4; x += 16) mv = f32x4.max(mv, v128.load(x));
  let mx = max<f32>(max<f32>(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
    max<f32>(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (; x < end; x += 4) mx = max<f32>(mx, load<f32>(x));
  return mx;
}

/**
 * The sum over rows of sum_j l_j (lse - x_j), lse = ln sum_j e^x_j, computed per row as
 * L ln s - sum_j l_j (x_j - max) with s = sum_j e^(x_j - max), L = sum_j l_j (no
 * cancellation between lse and x_j at large logits). The caller divides by rows.
 */
export function softmaxCrossEntropy(x: usize, l: usize, rows: i32, cols: i32): f64 {
  let total: f64 = 0;
  const cols4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const mx = rowMax(x, cols);
    const mv = f32x4.splat(mx);
    let s = f32x4.splat(0), lx = s, ls = s;
    let j = 0;
    for (; j < cols4; j += 4, x += 16, l += 16) {
      const d = f32x4.sub(v128.load(x), mv);
      const lv = v128.load(l);
      s = f32x4.add(s, expNonPositive(d));
      lx = f32x4.add(lx, f32x4.mul(lv, d));
      ls = f32x4.add(ls, lv);
    }
    let ss = hsum(s), lxs = hsum(lx), lss = hsum(ls);
    for (; j < cols; j++, x += 4, l += 4) {
      const d = load<f32>(x) - mx;
      const lj = load<f32>(l);
      ss += lane(expNonPositive(f32x4.splat(d)));
      lxs += lj * d;
      lss += lj;
    }
    total += <f64>lss * logPositive(<f64>ss) - <f64>lxs;
  }
  return total;
}

/** dx = scale (softmax(x) - l), row by row (scale: the upstream gradient over rows). */
export function softmaxCrossEntropyGrad(x: usize, l: usize, dx: usize, rows: i32, cols: i32, scale: f32): void {
  const cols4 = cols & ~3;
  const k = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const mv = f32x4.splat(rowMax(x, cols));
    let s = f32x4.splat(0);
    let ss: f32 = 0;
    let j = 0;
    // The exponentials go to dx first, then are normalised there in a second pass.
    for (; j < cols4; j += 4) {
      const e = expNonPositive(f32x4.sub(v128.load(x + (<usize>j << 2)), mv));
      v128.store(dx + (<usize>j << 2), e);
      s = f32x4.add(s, e);
    }
    ss = hsum(s);
    for (; j < cols; j++) {
      const e = lane(expNonPositive(f32x4.sub(f32x4.splat(load<f32>(x + (<usize>j << 2))), mv)));
      store<f32>(dx + (<usize>j << 2), e);
      ss += e;
    }
    const invs: f32 = <f32>1 / ss;
    const inv = f32x4.splat(invs);
    j = 0;
    for (; j < cols4; j += 4) {
      const at = <usize>j << 2;
      v128.store(dx + at, f32x4.mul(f32x4.sub(f32x4.mul(v128.load(dx + at), inv), v128.load(l + at)), k));
    }
    for (; j < cols; j++) {
      const at = <usize>j << 2;
      store<f32>(dx + at, (load<f32>(dx + at) * invs - load<f32>(l + at)) * scale);
    }
    const stride = <usize>cols << 2;
    x += stride;
    l += stride;
    dx += stride;
  }
}
