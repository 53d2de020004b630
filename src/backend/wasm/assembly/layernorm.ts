// LayerNorm over the last axis of a row-major [rows, cols] matrix (ViT tokens: one row per
// token, one column per channel). Every row is read from memory once per pass; the
// row's repeated sweeps (mean, variance, normalise) hit the cache.
import { madd, splat } from './vec';

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * y[r, c] = (x[r, c] - mean[r]) rstd[r] gamma[c] + beta[c], rstd = 1 / sqrt(var + eps)
 * with the population variance taken about the mean (two sweeps, no cancellation).
 * mean and rstd (one float per row) are written for the backward pass.
 */
export function layerNorm(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, rows: i32, cols: i32, eps: f32): void {
  const c4 = <usize>(cols & ~3) << 2;
  const cEnd = <usize>cols << 2;
  const inv: f32 = 1.0 / <f32>cols;
  for (let r = 0; r < rows; r++, x += cEnd, y += cEnd) {
    let acc = f32x4.splat(0);
    let c: usize = 0;
    for (; c < c4; c += 16) acc = f32x4.add(acc, v128.load(x + c));
    let s = hsum(acc);
    for (; c < cEnd; c += 4) s += load<f32>(x + c);
    const m = s * inv;
    const mv = splat(m);
    acc = f32x4.splat(0);
    for (c = 0; c < c4; c += 16) {
      const d = f32x4.sub(v128.load(x + c), mv);
      acc = madd(d, d, acc);
    }
    let q = hsum(acc);
    for (; c < cEnd; c += 4) {
      const d = load<f32>(x + c) - m;
      q += d * d;
    }
    const sd: f32 = 1.0 / Mathf.sqrt(q * inv + eps);
    store<f32>(mean + (<usize>r << 2), m);
    store<f32>(rstd + (<usize>r << 2), sd);
    const sv = splat(sd);
    for (c = 0; c < c4; c += 16) {
      const h = f32x4.mul(f32x4.sub(v128.load(x + c), mv), sv);
      v128.store(y + c, madd(h, v128.load(gamma + c), v128.load(beta + c)));
    }
    for (; c < cEnd; c += 4) store<f32>(y + c, (load<f32>(x + c) - m) * sd * load<f32>(gamma + c) + load<f32>(beta + c));
  }
}

/**
 * The LayerNorm gradient from x, dy and the forward's mean and rstd, with h = (x - mean) rstd:
 *   dgamma[c] = sum_r dy h,  dbeta[c] = sum_r dy,
 *   dx = rstd (g dy - mean_c(g dy) - h mean_c(g dy h)),  g = gamma[c].
 * One pass over memory: the first sweep of a row gathers its two row sums and adds into the
 * column sums, the second (cache-hot) writes dx.
 */
export function layerNormGrad(
  x: usize, dy: usize, gamma: usize, mean: usize, rstd: usize,
  dx: usize, dgamma: usize, dbeta: usize, rows: i32, cols: i32,
): void {
  const c4 = <usize>(cols & ~3) << 2;
  const cEnd = <usize>cols << 2;
  const inv: f32 = 1.0 / <f32>cols;
  let c: usize = 0;
  for (; c < c4; c += 16) {
    v128.store(dgamma + c, f32x4.splat(0));
    v128.store(dbeta + c, f32x4.splat(0));
  }
  for (; c < cEnd; c += 4) {
    store<f32>(dgamma + c, 0);
    store<f32>(dbeta + c, 0);
  }
  for (let r = 0; r < rows; r++, x += cEnd, dy += cEnd, dx += cEnd) {
    const m = load<f32>(mean + (<usize>r << 2));
    const sd = load<f32>(rstd + (<usize>r << 2));
    const mv = splat(m), sv = splat(sd);
    let accA = f32x4.splat(0), accB = accA;
    for (c = 0; c < c4; c += 16) {
      const h = f32x4.mul(f32x4.sub(v128.load(x + c), mv), sv);
      const d = v128.load(dy + c);
      const gd = f32x4.mul(v128.load(gamma + c), d);
      accA = f32x4.add(accA, gd);
      accB = madd(gd, h, accB);
      v128.store(dbeta + c, f32x4.add(v128.load(dbeta + c), d));
      v128.store(dgamma + c, madd(d, h, v128.load(dgamma + c)));
    }
    let a = hsum(accA), b = hsum(accB);
    for (; c < cEnd; c += 4) {
      const h = (load<f32>(x + c) - m) * sd;
      const d = load<f32>(dy + c);
      const gd = load<f32>(gamma + c) * d;
      a += gd;
      b += gd * h;
      store<f32>(dbeta + c, load<f32>(dbeta + c) + d);
      store<f32>(dgamma + c, load<f32>(dgamma + c) + d * h);
    }
    a *= inv;
    b *= inv;
    const av = splat(a), bv = splat(b);
    for (c = 0; c < c4; c += 16) {
      const h = f32x4.mul(f32x4.sub(v128.load(x + c), mv), sv);
      const gd = f32x4.mul(v128.load(gamma + c), v128.load(dy + c));
      v128.store(dx + c, f32x4.mul(sv, f32x4.sub(f32x4.sub(gd, av), f32x4.mul(h, bv))));
    }
    for (; c < cEnd; c += 4) {
      const h = (load<f32>(x + c) - m) * sd;
      const gd = load<f32>(gamma + c) * load<f32>(dy + c);
      store<f32>(dx + c, sd * (gd - a - h * b));
    }
  }
}
