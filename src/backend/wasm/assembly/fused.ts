// ConvMixer's conv bias + GELU + BatchNorm (training) as two passes forward and two
// backward over a row-major [rows, cols] activation (NHWC flattened, one column per
// channel). Each pass walks the rows once, in blocks of BLOCK rows: within a block, strips
// of four channels sum in float32 registers while the block's rows stay in L1, then the
// sums go into float64 accumulators per channel in `acc`, scratch the caller allocated
// (fixed order, so deterministic). Walking each strip down all rows instead would stream
// the whole tensor from memory once per strip.
import { gelu4, geluGrad4 } from './gelu';
import { lane, madd } from './vec';

const BLOCK = 16;

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Zeroes n float64 accumulators at acc (n even). */
@inline function zero(acc: usize, n: i32): void {
  const end = acc + (<usize>n << 3);
  for (let p = acc; p < end; p += 16) v128.store(p, f64x2.splat(0));
}

/** Adds four float32 lanes into the four float64 accumulators at p. */
@inline function accumulate4(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), lo(v)));
  v128.store(p, f64x2.add(v128.load(p, 16), hi(v)), 16);
}

/**
 * g = gelu(z + bias[c]) written out, with the per-channel mean and population variance of
 * g in the same pass; acc: scratch for 2 cols float64s. The sums are of g - g[0, c] (its
 * first row): keeps E[g^2] - mean^2 clear of cancellation when the mean is large against
 * the spread.
 */
export function biasGeluMoments(z: usize, bias: usize, g: usize, mean: usize, variance: usize, acc: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  const c4 = cols & ~3;
  const sums = acc, squares = acc + (<usize>cols << 3);
  zero(acc, 2 * cols);
  // Row 0 first: its values are the shifts, and contribute 0 to the shifted sums.
  let c = 0;
  for (; c < c4; c += 4) {
    const off = <usize>c << 2;
    v128.store(g + off, gelu4(f32x4.add(v128.load(z + off), v128.load(bias + off))));
  }
  for (; c < cols; c++) {
    const off = <usize>c << 2;
    store<f32>(g + off, lane(gelu4(f32x4.splat(load<f32>(z + off) + load<f32>(bias + off)))));
  }
  for (let r0 = 1; r0 < rows; r0 += BLOCK) {
    const n = r0 + BLOCK < rows ? BLOCK : rows - r0;
    const base = <usize>r0 * stride;
    for (c = 0; c < c4; c += 4) {
      const off = <usize>c << 2;
      const b = v128.load(bias + off), h = v128.load(g + off);
      let a = f32x4.splat(0), sq = a;
      let pz = z + base + off, pg = g + base + off;
      for (let r = 0; r < n; r++, pz += stride, pg += stride) {
        const v = gelu4(f32x4.add(v128.load(pz), b));
        v128.store(pg, v);
        const d = f32x4.sub(v, h);
        a = f32x4.add(a, d);
        sq = madd(d, d, sq);
      }
      accumulate4(sums + (<usize>c << 3), a);
      accumulate4(squares + (<usize>c << 3), sq);
    }
    for (; c < cols; c++) {
      const off = <usize>c << 2;
      const b = load<f32>(bias + off), h = load<f32>(g + off);
      let s: f64 = 0, q: f64 = 0;
      let pz = z + base + off, pg = g + base + off;
      for (let r = 0; r < n; r++, pz += stride, pg += stride) {
        const v = lane(gelu4(f32x4.splat(load<f32>(pz) + b)));
        store<f32>(pg, v);
        const d = <f64>(v - h);
        s += d;
        q += d * d;
      }
      store<f64>(sums + (<usize>c << 3), load<f64>(sums + (<usize>c << 3)) + s);
      store<f64>(squares + (<usize>c << 3), load<f64>(squares + (<usize>c << 3)) + q);
    }
  }
  const inv: f64 = 1.0 / <f64>rows;
  for (c = 0; c < cols; c++) {
    const at = <usize>c << 2;
    const m = load<f64>(sums + (<usize>c << 3)) * inv;
    const v = load<f64>(squares + (<usize>c << 3)) * inv - m * m;
    store<f32>(mean + at, <f32>(<f64>load<f32>(g + at) + m));
    store<f32>(variance + at, <f32>(v > 0 ? v : 0));
  }
}

/**
 * The gradient through BatchNorm and GELU to the conv output, and the bias gradient, in
 * one pass: dz = gelu'(z + bias) (dy a + g p + q), dbias[c] = sum over rows of dz, where
 * a, p, q are the per-channel coefficients of BatchNorm's input gradient (they need the
 * channel sums of dy over the whole batch, the one pass that has to come first); acc:
 * scratch for cols float64s.
 */
export function biasGeluBnGrad(dy: usize, z: usize, bias: usize, g: usize, a: usize, p: usize, q: usize,
  dz: usize, dbias: usize, acc: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  const c4 = cols & ~3;
  zero(acc, cols + (cols & 1));
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const n = r0 + BLOCK < rows ? BLOCK : rows - r0;
    const base = <usize>r0 * stride;
    let c = 0;
    for (; c < c4; c += 4) {
      const off = <usize>c << 2;
      const b = v128.load(bias + off), av = v128.load(a + off), pv = v128.load(p + off), qv = v128.load(q + off);
      let sum = f32x4.splat(0);
      let pd = dy + base + off, pz = z + base + off, pg = g + base + off, po = dz + base + off;
      for (let r = 0; r < n; r++, pd += stride, pz += stride, pg += stride, po += stride) {
        const gv = v128.load(pg);
        const dg = madd(v128.load(pd), av, madd(gv, pv, qv));
        const d = geluGrad4(f32x4.add(v128.load(pz), b), gv, dg);
        v128.store(po, d);
        sum = f32x4.add(sum, d);
      }
      accumulate4(acc + (<usize>c << 3), sum);
    }
    for (; c < cols; c++) {
      const off = <usize>c << 2;
      const b = load<f32>(bias + off), av = load<f32>(a + off), pv = load<f32>(p + off), qv = load<f32>(q + off);
      let s: f64 = 0;
      let pd = dy + base + off, pz = z + base + off, pg = g + base + off, po = dz + base + off;
      for (let r = 0; r < n; r++, pd += stride, pz += stride, pg += stride, po += stride) {
        const gv = load<f32>(pg);
        const dg = load<f32>(pd) * av + (gv * pv + qv);
        const d = lane(geluGrad4(f32x4.splat(load<f32>(pz) + b), f32x4.splat(gv), f32x4.splat(dg)));
        store<f32>(po, d);
        s += <f64>d;
      }
      store<f64>(acc + (<usize>c << 3), load<f64>(acc + (<usize>c << 3)) + s);
    }
  }
  for (let c = 0; c < cols; c++) store<f32>(dbias + (<usize>c << 2), <f32>load<f64>(acc + (<usize>c << 3)));
}
