// Per-channel passes of BatchNorm in training over a row-major [rows, cols] matrix (NHWC
// flattened: one row per pixel, one column per channel).

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/**
 * mean[c] and the population variance var[c] of column c, from float64 sums of x and x^2
 * (float64 keeps E[x^2] - mean^2 exact enough for float32 data).
 */
export function channelMoments(x: usize, mean: usize, variance: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  const inv: f64 = 1.0 / <f64>rows;
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    let s0 = f64x2.splat(0), s1 = s0, q0 = s0, q1 = s0;
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows; r++, p += stride) {
      const v = v128.load(p);
      const a = lo(v), b = hi(v);
      s0 = f64x2.add(s0, a); s1 = f64x2.add(s1, b);
      q0 = f64x2.add(q0, f64x2.mul(a, a)); q1 = f64x2.add(q1, f64x2.mul(b, b));
    }
    for (let l = 0; l < 2; l++) {
      const s = l == 0 ? s0 : s1;
      const q = l == 0 ? q0 : q1;
      const m0 = f64x2.extract_lane(s, 0) * inv, m1 = f64x2.extract_lane(s, 1) * inv;
      const v0 = f64x2.extract_lane(q, 0) * inv - m0 * m0, v1 = f64x2.extract_lane(q, 1) * inv - m1 * m1;
      const at = <usize>(c + 2 * l) << 2;
      store<f32>(mean + at, <f32>m0);
      store<f32>(mean + at + 4, <f32>m1);
      store<f32>(variance + at, <f32>(v0 > 0 ? v0 : 0));
      store<f32>(variance + at + 4, <f32>(v1 > 0 ? v1 : 0));
    }
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
