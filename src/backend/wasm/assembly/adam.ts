// The Adam update of one parameter tensor in one pass: m and v in place, the new weights to
// `out` (which may be w itself). The arithmetic follows tfjs's AdamOptimizer op by op, in
// float32, without fused multiply-adds, so both builds round like the stock optimizer:
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   w = w - lr (m / c1) / (sqrt(v / c2) + eps),  c1 = 1 - b1^t, c2 = 1 - b2^t

export function adam(w: usize, g: usize, m: usize, v: usize, out: usize, n: i32,
  lr: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, c1: f32, c2: f32, eps: f32): void {
  const b1 = f32x4.splat(beta1), a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2), a2 = f32x4.splat(oneMinusBeta2);
  const d1 = f32x4.splat(c1), d2 = f32x4.splat(c2), e = f32x4.splat(eps), step = f32x4.splat(-lr);
  const end = w + ((<usize>n) << 2);
  const end4 = w + ((<usize>(n & ~3)) << 2);
  for (; w < end4; w += 16, g += 16, m += 16, v += 16, out += 16) {
    const gv = v128.load(g);
    const mv = f32x4.add(f32x4.mul(v128.load(m), b1), f32x4.mul(gv, a1));
    const vv = f32x4.add(f32x4.mul(v128.load(v), b2), f32x4.mul(f32x4.mul(gv, gv), a2));
    v128.store(m, mv);
    v128.store(v, vv);
    const denom = f32x4.add(f32x4.sqrt(f32x4.div(vv, d2)), e);
    v128.store(out, f32x4.add(f32x4.mul(f32x4.div(f32x4.div(mv, d1), denom), step), v128.load(w)));
  }
  for (; w < end; w += 4, g += 4, m += 4, v += 4, out += 4) {
    const gs = load<f32>(g);
    const ms = load<f32>(m) * beta1 + gs * oneMinusBeta1;
    const vs = load<f32>(v) * beta2 + (gs * gs) * oneMinusBeta2;
    store<f32>(m, ms);
    store<f32>(v, vs);
    store<f32>(out, ((ms / c1) / (sqrt<f32>(vs / c2) + eps)) * -lr + load<f32>(w));
  }
}
