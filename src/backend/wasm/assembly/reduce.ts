// Per-column sums of row-major [rows, cols] float32 matrices (channel sums over N, H, W in
// NHWC): float32 partial sums over blocks of BLOCK rows, added into float64 accumulators in
// registers, in a fixed order (deterministic). Columns go in strips as wide as the
// accumulators allow, so each pass reads whole cache lines.
import { madd } from './vec';

const BLOCK = 16;

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline function store4(p: usize, a: v128, b: v128, scale: f64): void {
  const s = f64x2.splat(scale);
  const l = f32x4.demote_f64x2_zero(f64x2.mul(a, s));
  const h = f32x4.demote_f64x2_zero(f64x2.mul(b, s));
  v128.store(p, v128.shuffle<f32>(l, h, 0, 1, 4, 5));
}

/** out[c] = scale * sum over r of x[r, c]. */
export function columnSums(x: usize, out: usize, rows: i32, cols: i32, scale: f64): void {
  const stride = <usize>cols << 2;
  let c = 0;
  for (; c + 16 <= cols; c += 16) {
    let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    let p = x + (<usize>c << 2);
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
      let v0 = f32x4.splat(0), v1 = v0, v2 = v0, v3 = v0;
      for (let r = r0; r < r1; r++, p += stride) {
        v0 = f32x4.add(v0, v128.load(p)); v1 = f32x4.add(v1, v128.load(p, 16));
        v2 = f32x4.add(v2, v128.load(p, 32)); v3 = f32x4.add(v3, v128.load(p, 48));
      }
      a0 = f64x2.add(a0, lo(v0)); a1 = f64x2.add(a1, hi(v0));
      a2 = f64x2.add(a2, lo(v1)); a3 = f64x2.add(a3, hi(v1));
      a4 = f64x2.add(a4, lo(v2)); a5 = f64x2.add(a5, hi(v2));
      a6 = f64x2.add(a6, lo(v3)); a7 = f64x2.add(a7, hi(v3));
    }
    const o = out + (<usize>c << 2);
    store4(o, a0, a1, scale); store4(o + 16, a2, a3, scale); store4(o + 32, a4, a5, scale); store4(o + 48, a6, a7, scale);
  }
  for (; c + 4 <= cols; c += 4) {
    let a0 = f64x2.splat(0), a1 = a0;
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows; r++, p += stride) {
      const v = v128.load(p);
      a0 = f64x2.add(a0, lo(v)); a1 = f64x2.add(a1, hi(v));
    }
    store4(out + (<usize>c << 2), a0, a1, scale);
  }
  for (; c < cols; c++) {
    let a: f64 = 0;
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows; r++, p += stride) a += <f64>load<f32>(p);
    store<f32>(out + (<usize>c << 2), <f32>(a * scale));
  }
}

/** The BatchNorm gradient's sums: s1[c] = sum of dy[r, c], s2[c] = sum of dy[r, c] (x[r, c] - mean[c]). */
export function batchNormSums(x: usize, dy: usize, mean: usize, s1: usize, s2: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let c = 0;
  for (; c + 8 <= cols; c += 8) {
    const off = <usize>c << 2;
    const m0 = v128.load(mean + off), m1 = v128.load(mean + off, 16);
    let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    let px = x + off;
    let pd = dy + off;
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
      let d0 = f32x4.splat(0), d1 = d0, e0 = d0, e1 = d0;
      for (let r = r0; r < r1; r++, px += stride, pd += stride) {
        const g0 = v128.load(pd), g1 = v128.load(pd, 16);
        d0 = f32x4.add(d0, g0); d1 = f32x4.add(d1, g1);
        e0 = madd(g0, f32x4.sub(v128.load(px), m0), e0);
        e1 = madd(g1, f32x4.sub(v128.load(px, 16), m1), e1);
      }
      a0 = f64x2.add(a0, lo(d0)); a1 = f64x2.add(a1, hi(d0)); a2 = f64x2.add(a2, lo(d1)); a3 = f64x2.add(a3, hi(d1));
      b0 = f64x2.add(b0, lo(e0)); b1 = f64x2.add(b1, hi(e0)); b2 = f64x2.add(b2, lo(e1)); b3 = f64x2.add(b3, hi(e1));
    }
    store4(s1 + off, a0, a1, 1); store4(s1 + off + 16, a2, a3, 1);
    store4(s2 + off, b0, b1, 1); store4(s2 + off + 16, b2, b3, 1);
  }
  for (; c < cols; c++) {
    const off = <usize>c << 2;
    const m = load<f32>(mean + off);
    let a: f64 = 0, b: f64 = 0;
    let px = x + off;
    let pd = dy + off;
    for (let r = 0; r < rows; r++, px += stride, pd += stride) {
      const d = load<f32>(pd);
      a += <f64>d;
      b += <f64>(d * (load<f32>(px) - m));
    }
    store<f32>(s1 + off, <f32>a);
    store<f32>(s2 + off, <f32>b);
  }
}
