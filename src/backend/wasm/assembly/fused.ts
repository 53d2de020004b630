// ConvMixer's conv bias + GELU + BatchNorm (training) as two passes forward and two
// backward over a row-major [rows, cols] activation (NHWC flattened, one column per
// channel). Columns go in strips of four with the rows inner, so each channel's sums stay
// in registers: float32 over blocks of BLOCK rows, float64 across blocks (fixed order).
import { gelu4, geluGrad4 } from './gelu';
import { lane, madd } from './vec';

const BLOCK = 16;

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline function f64lane(v: v128, l: i32): f64 {
  return l == 0 ? f64x2.extract_lane(v, 0) : f64x2.extract_lane(v, 1);
}

/** Channel c's mean and population variance from sums s, q of g - h over `rows` rows. */
@inline function moments(mean: usize, variance: usize, c: i32, h: f32, s: f64, q: f64, rows: i32): void {
  const inv: f64 = 1.0 / <f64>rows;
  const m = s * inv;
  const v = q * inv - m * m;
  store<f32>(mean + (<usize>c << 2), <f32>(<f64>h + m));
  store<f32>(variance + (<usize>c << 2), <f32>(v > 0 ? v : 0));
}

/**
 * g = gelu(z + bias[c]) written out, with the per-channel mean and variance of g in the
 * same pass. The sums are of g - g[0, c] (its first row): keeps E[g^2] - mean^2 clear of
 * cancellation when the mean is large against the spread.
 */
export function biasGeluMoments(z: usize, bias: usize, g: usize, mean: usize, variance: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const off = <usize>c << 2;
    const b = v128.load(bias + off);
    const h = gelu4(f32x4.add(v128.load(z + off), b));
    let s0 = f64x2.splat(0), s1 = s0, q0 = s0, q1 = s0;
    let pz = z + off, pg = g + off;
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
      let a = f32x4.splat(0), sq = a;
      for (let r = r0; r < r1; r++, pz += stride, pg += stride) {
        const v = gelu4(f32x4.add(v128.load(pz), b));
        v128.store(pg, v);
        const d = f32x4.sub(v, h);
        a = f32x4.add(a, d);
        sq = madd(d, d, sq);
      }
      s0 = f64x2.add(s0, lo(a)); s1 = f64x2.add(s1, hi(a));
      q0 = f64x2.add(q0, lo(sq)); q1 = f64x2.add(q1, hi(sq));
    }
    for (let l = 0; l < 4; l++) {
      const s = l < 2 ? s0 : s1, q = l < 2 ? q0 : q1;
      moments(mean, variance, c + l, load<f32>(g + off + (<usize>l << 2)), f64lane(s, l & 1), f64lane(q, l & 1), rows);
    }
  }
  for (; c < cols; c++) {
    const off = <usize>c << 2;
    const b = load<f32>(bias + off);
    const h = lane(gelu4(f32x4.splat(load<f32>(z + off) + b)));
    let s: f64 = 0, q: f64 = 0;
    let pz = z + off, pg = g + off;
    for (let r = 0; r < rows; r++, pz += stride, pg += stride) {
      const v = lane(gelu4(f32x4.splat(load<f32>(pz) + b)));
      store<f32>(pg, v);
      const d = <f64>(v - h);
      s += d;
      q += d * d;
    }
    moments(mean, variance, c, h, s, q, rows);
  }
}

/**
 * The gradient through BatchNorm and GELU to the conv output, and the bias gradient, in
 * one pass: dz = gelu'(z + bias) (dy a + g p + q), dbias[c] = sum over rows of dz, where
 * a, p, q are the per-channel coefficients of BatchNorm's input gradient (they need the
 * channel sums of dy over the whole batch, the one pass that has to come first).
 */
export function biasGeluBnGrad(dy: usize, z: usize, bias: usize, g: usize, a: usize, p: usize, q: usize,
  dz: usize, dbias: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let c = 0;
  for (; c + 4 <= cols; c += 4) {
    const off = <usize>c << 2;
    const b = v128.load(bias + off), av = v128.load(a + off), pv = v128.load(p + off), qv = v128.load(q + off);
    let s0 = f64x2.splat(0), s1 = s0;
    let pd = dy + off, pz = z + off, pg = g + off, po = dz + off;
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
      let acc = f32x4.splat(0);
      for (let r = r0; r < r1; r++, pd += stride, pz += stride, pg += stride, po += stride) {
        const gv = v128.load(pg);
        const dg = madd(v128.load(pd), av, madd(gv, pv, qv));
        const d = geluGrad4(f32x4.add(v128.load(pz), b), gv, dg);
        v128.store(po, d);
        acc = f32x4.add(acc, d);
      }
      s0 = f64x2.add(s0, lo(acc)); s1 = f64x2.add(s1, hi(acc));
    }
    for (let l = 0; l < 4; l++) store<f32>(dbias + off + (<usize>l << 2), <f32>f64lane(l < 2 ? s0 : s1, l & 1));
  }
  for (; c < cols; c++) {
    const off = <usize>c << 2;
    const b = load<f32>(bias + off), av = load<f32>(a + off), pv = load<f32>(p + off), qv = load<f32>(q + off);
    let s: f64 = 0;
    let pd = dy + off, pz = z + off, pg = g + off, po = dz + off;
    for (let r = 0; r < rows; r++, pd += stride, pz += stride, pg += stride, po += stride) {
      const gv = load<f32>(pg);
      const dg = load<f32>(pd) * av + (gv * pv + qv);
      const d = lane(geluGrad4(f32x4.splat(load<f32>(pz) + b), f32x4.splat(gv), f32x4.splat(dg)));
      store<f32>(po, d);
      s += <f64>d;
    }
    store<f32>(dbias + off, <f32>s);
  }
}
