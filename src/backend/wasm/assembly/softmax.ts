// Softmax over the last axis of a row-major [rows, cols] matrix (attention scores), with
// the attention's 1/sqrt(d) scale folded in: y = softmax(scale x), scale > 0.
import { expNonPositive, lane, splat } from './vec';

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** y[r, :] = e^(scale (x - max)) / sum, the row's max subtracted so no exponent is positive. */
export function softmax(x: usize, y: usize, rows: i32, cols: i32, scale: f32): void {
  const c4 = <usize>(cols & ~3) << 2;
  const cEnd = <usize>cols << 2;
  const sc = splat(scale);
  for (let r = 0; r < rows; r++, x += cEnd, y += cEnd) {
    let mx: f32 = -Infinity;
    let c: usize = 0;
    if (c4 > 0) {
      let acc = v128.load(x);
      for (c = 16; c < c4; c += 16) acc = f32x4.max(acc, v128.load(x + c));
      mx = hmax(acc);
    }
    for (; c < cEnd; c += 4) mx = max(mx, load<f32>(x + c));
    const mv = splat(mx);
    let sum = f32x4.splat(0);
    for (c = 0; c < c4; c += 16) {
      const e = expNonPositive(f32x4.mul(f32x4.sub(v128.load(x + c), mv), sc));
      v128.store(y + c, e);
      sum = f32x4.add(sum, e);
    }
    let s = hsum(sum);
    for (; c < cEnd; c += 4) {
      const e = lane(expNonPositive(f32x4.splat((load<f32>(x + c) - mx) * scale)));
      store<f32>(y + c, e);
      s += e;
    }
    const iv = splat(1.0 / s);
    for (c = 0; c < c4; c += 16) v128.store(y + c, f32x4.mul(v128.load(y + c), iv));
    for (; c < cEnd; c += 4) store<f32>(y + c, load<f32>(y + c) * f32x4.extract_lane(iv, 0));
  }
}

/** dx = scale y (dy - sum_c dy y) per row, from the forward's output y. */
export function softmaxGrad(y: usize, dy: usize, dx: usize, rows: i32, cols: i32, scale: f32): void {
  const c4 = <usize>(cols & ~3) << 2;
  const cEnd = <usize>cols << 2;
  const sc = splat(scale);
  for (let r = 0; r < rows; r++, y += cEnd, dy += cEnd, dx += cEnd) {
    let acc = f32x4.splat(0);
    let c: usize = 0;
    for (; c < c4; c += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(y + c), v128.load(dy + c)));
    let dot = hsum(acc);
    for (; c < cEnd; c += 4) dot += load<f32>(y + c) * load<f32>(dy + c);
    const dv = splat(dot);
    for (c = 0; c < c4; c += 16) {
      v128.store(dx + c, f32x4.mul(f32x4.mul(v128.load(y + c), f32x4.sub(v128.load(dy + c), dv)), sc));
    }
    for (; c < cEnd; c += 4) store<f32>(dx + c, load<f32>(y + c) * (load<f32>(dy + c) - dot) * scale);
  }
}
