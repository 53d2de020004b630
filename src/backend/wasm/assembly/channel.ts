// Per-channel passes of BatchNorm in training over a row-major [rows, cols] matrix (NHWC
// flattened: one row per pixel, one column per channel).
import { madd } from './vec';

const BLOCK = 16;

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Two channels' mean and variance from sums of x - h (h: their first-row values). */
@inline function finish(mean: usize, variance: usize, c: i32, h: usize, s: v128, q: v128, inv: f64): void {
  const at = <usize>c << 2;
  for (let l = 0; l < 2; l++) {
    const sl = (l == 0 ? f64x2.extract_lane(s, 0) : f64x2.extract_lane(s, 1)) * inv;
    const ql = (l == 0 ? f64x2.extract_lane(q, 0) : f64x2.extract_lane(q, 1)) * inv;
    const v = ql - sl * sl;
    store<f32>(mean + at + (<usize>l << 2), <f32>(<f64>load<f32>(h + (<usize>l << 2)) + sl));
    store<f32>(variance + at + (<usize>l << 2), <f32>(v > 0 ? v : 0));
  }
}

/**
 * mean[c] and the population variance var[c] of column c, from sums of x and x^2: float32
 * over blocks of BLOCK rows, float64 across blocks.
 */
export function channelMoments(x: usize, mean: usize, variance: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  const inv: f64 = 1.0 / <f64>rows;
  let c = 0;
  for (; c + 8 <= cols; c += 8) {
    // Sums of x - x[0, c] (the first row): keeps E[x^2] - mean^2 clear of cancellation
    // when the mean is large against the spread.
    const base = x + (<usize>c << 2);
    const h0 = v128.load(base), h1 = v128.load(base, 16);
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0, q0 = s0, q1 = s0, q2 = s0, q3 = s0;
    let p = base;
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
      let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0;
      for (let r = r0; r < r1; r++, p += stride) {
        const d0 = f32x4.sub(v128.load(p), h0), d1 = f32x4.sub(v128.load(p, 16), h1);
        a0 = f32x4.add(a0, d0); a1 = f32x4.add(a1, d1);
        b0 = madd(d0, d0, b0); b1 = madd(d1, d1, b1);
      }
      s0 = f64x2.add(s0, lo(a0)); s1 = f64x2.add(s1, hi(a0)); s2 = f64x2.add(s2, lo(a1)); s3 = f64x2.add(s3, hi(a1));
      q0 = f64x2.add(q0, lo(b0)); q1 = f64x2.add(q1, hi(b0)); q2 = f64x2.add(q2, lo(b1)); q3 = f64x2.add(q3, hi(b1));
    }
    finish(mean, variance, c, base, s0, q0, inv);
    finish(mean, variance, c + 2, base + 8, s1, q1, inv);
    finish(mean, variance, c + 4, base + 16, s2, q2, inv);
    finish(mean, variance, c + 6, base + 24, s3, q3, inv);
  }
  for (; c < cols; c++) {
    let s: f64 = 0, q: f64 = 0;
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows; r++, p += stride) {
      const v = <f64>load<f32>(p);
      s += v;
      q += v * v;
    }
    const m = s * inv;
    const v = q * inv - m * m;
    store<f32>(mean + (<usize>c << 2), <f32>m);
    store<f32>(variance + (<usize>c << 2), <f32>(v > 0 ? v : 0));
  }
}

/** out[r, c] = x[r, c] a[c] + b[c]. */
export function channelAffine(x: usize, a: usize, b: usize, out: usize, rows: i32, cols: i32): void {
  const c4 = <usize>(cols & ~3) << 2;
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += rowBytes, out += rowBytes) {
    let c: usize = 0;
    for (; c < c4; c += 16) {
      v128.store(out + c, f32x4.add(f32x4.mul(v128.load(x + c), v128.load(a + c)), v128.load(b + c)));
    }
    for (; c < rowBytes; c += 4) store<f32>(out + c, load<f32>(x + c) * load<f32>(a + c) + load<f32>(b + c));
  }
}

/** out[r, c] = dy[r, c] a[c] + x[r, c] p[c] + q[c] (BatchNorm's input gradient is this affine map). */
export function channelAffine2(dy: usize, x: usize, a: usize, p: usize, q: usize, out: usize, rows: i32, cols: i32): void {
  const c4 = <usize>(cols & ~3) << 2;
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++, dy += rowBytes, x += rowBytes, out += rowBytes) {
    let c: usize = 0;
    for (; c < c4; c += 16) {
      const t = f32x4.add(f32x4.mul(v128.load(x + c), v128.load(p + c)), v128.load(q + c));
      v128.store(out + c, f32x4.add(f32x4.mul(v128.load(dy + c), v128.load(a + c)), t));
    }
    for (; c < rowBytes; c += 4) {
      store<f32>(out + c, load<f32>(dy + c) * load<f32>(a + c) + (load<f32>(x + c) * load<f32>(p + c) + load<f32>(q + c)));
    }
  }
}
