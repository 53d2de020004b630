// Depthwise 2-D convolution, NHWC, channel multiplier 1, stride 1, no dilation, four
// channels per vector. The first C & ~3 channels run in vectors, the rest as scalars.
import { madd } from './vec';

@inline function min(a: i32, b: i32): i32 {
  return a < b ? a : b;
}
@inline function max(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

/**
 * out[n,oh,ow,c] = sum over kh,kw of x[n, oh-pt+kh, ow-pl+kw, c] * f[kh,kw,c] (taps
 * outside x count as 0). With flip = 1 the filter is read mirrored in both spatial axes:
 * the input gradient is this with x = dy and pads kh-1-pt, kw-1-pl.
 */
export function depthwiseConv(
  x: usize, f: usize, out: usize, n: i32, h: i32, w: i32, c: i32,
  oh: i32, ow: i32, kh: i32, kw: i32, pt: i32, pl: i32, flip: i32,
): void {
  const c4 = c & ~3;
  const rowBytes = <usize>(w * c) << 2;
  const pix = <usize>c << 2;
  // Tap (i, j) reads filter element fi(i, j) = i*kw + j, or its mirror.
  const tapStep: isize = flip ? -(<isize>pix) : <isize>pix;
  const fRow: isize = flip ? -(<isize>(kw * c) << 2) : <isize>(kw * c) << 2;
  const fFirst: usize = flip ? f + (<usize>((kh * kw - 1) * c) << 2) : f;
  for (let b = 0; b < n; b++) {
    const xImage = x + <usize>b * <usize>h * rowBytes;
    for (let y = 0; y < oh; y++) {
      const i0 = max(0, pt - y);
      const i1 = min(kh, h + pt - y);
      for (let xo = 0; xo < ow; xo++) {
        const j0 = max(0, pl - xo);
        const j1 = min(kw, w + pl - xo);
        const xTap0 = xImage + <usize>(y - pt + i0) * rowBytes + <usize>(xo - pl + j0) * pix;
        const fTap0 = <usize>(<isize>fFirst + <isize>i0 * fRow + <isize>j0 * tapStep);
        for (let ch = 0; ch < c4; ch += 4) {
          const off = <usize>ch << 2;
          let acc = f32x4.splat(0);
          let xr = xTap0 + off;
          let fr = fTap0 + off;
          for (let i = i0; i < i1; i++) {
            let xp = xr;
            let fp = fr;
            for (let j = j0; j < j1; j++) {
              acc = madd(v128.load(xp), v128.load(fp), acc);
              xp += pix;
              fp = <usize>(<isize>fp + tapStep);
            }
            xr += rowBytes;
            fr = <usize>(<isize>fr + fRow);
          }
          v128.store(out + off, acc);
        }
        for (let ch = c4; ch < c; ch++) {
          const off = <usize>ch << 2;
          let acc: f32 = 0;
          let xr = xTap0 + off;
          let fr = fTap0 + off;
          for (let i = i0; i < i1; i++) {
            let xp = xr;
            let fp = fr;
            for (let j = j0; j < j1; j++) {
              acc += load<f32>(xp) * load<f32>(fp);
              xp += pix;
              fp = <usize>(<isize>fp + tapStep);
            }
            xr += rowBytes;
            fr = <usize>(<isize>fr + fRow);
          }
          store<f32>(out + off, acc);
        }
        out += pix;
      }
    }
  }
}

/**
 * dw[kh,kw,c] = sum over n,oh,ow of x[n, oh-pt+kh, ow-pl+kw, c] * dy[n,oh,ow,c]: for each
 * (n, oh, tap) one register sum over the output row, then added into dw (overwritten).
 */
export function depthwiseFilterGrad(
  x: usize, dy: usize, dw: usize, n: i32, h: i32, w: i32, c: i32,
  oh: i32, ow: i32, kh: i32, kw: i32, pt: i32, pl: i32,
): void {
  const c4 = c & ~3;
  const pix = <usize>c << 2;
  const rowBytes = <usize>w * pix;
  memory.fill(dw, 0, <usize>(kh * kw) * pix);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const dyRow = dy + (<usize>(b * oh + y) * <usize>ow) * pix;
      for (let i = max(0, pt - y); i < min(kh, h + pt - y); i++) {
        const xRow = x + <usize>(b * h + y - pt + i) * rowBytes;
        for (let j = 0; j < kw; j++) {
          const lo = max(0, pl - j);
          const hi = min(ow, w + pl - j);
          if (lo >= hi) continue;
          const count = hi - lo;
          const xStart = xRow + <usize>(lo - pl + j) * pix;
          const dyStart = dyRow + <usize>lo * pix;
          const tap = dw + <usize>(i * kw + j) * pix;
          for (let ch = 0; ch < c4; ch += 4) {
            const off = <usize>ch << 2;
            let acc = f32x4.splat(0);
            let xp = xStart + off;
            let dp = dyStart + off;
            for (let k = 0; k < count; k++) {
              acc = madd(v128.load(xp), v128.load(dp), acc);
              xp += pix;
              dp += pix;
            }
            v128.store(tap + off, f32x4.add(v128.load(tap + off), acc));
          }
          for (let ch = c4; ch < c; ch++) {
            const off = <usize>ch << 2;
            let acc: f32 = 0;
            let xp = xStart + off;
            let dp = dyStart + off;
            for (let k = 0; k < count; k++) {
              acc += load<f32>(xp) * load<f32>(dp);
              xp += pix;
              dp += pix;
            }
            store<f32>(tap + off, load<f32>(tap + off) + acc);
          }
        }
      }
    }
  }
}
