// Depthwise 2-D convolution, NHWC, channel multiplier 1, stride 1, no dilation, four
// channels per vector. The first C & ~3 channels run in vectors, the rest as scalars.
import { madd } from './vec';

@inline function min(a: i32, b: i32): i32 {
  return a < b ? a : b;
}
@inline function max(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

/** The channels past the last multiple of 4 of one output pixel, as scalars. */
@inline function onePixelTail(
  out: usize, xTap0: usize, fTap0: usize, c4: i32, c: i32, i0: i32, i1: i32, j0: i32, j1: i32,
  pix: usize, rowBytes: usize, tapStep: isize, fRow: isize,
): void {
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
      // Columns whose taps all fall inside the row: four outputs at a time, sharing the loads.
      const inLo = pl;
      const inHi = w + pl - kw + 1;
      let xo = 0;
      while (xo < ow) {
        if (xo >= inLo && xo + 4 <= inHi && xo + 4 <= ow) {
          const xTap0 = xImage + <usize>(y - pt + i0) * rowBytes + <usize>(xo - pl) * pix;
          const fTap0 = <usize>(<isize>fFirst + <isize>i0 * fRow);
          for (let ch = 0; ch < c4; ch += 4) {
            const off = <usize>ch << 2;
            let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
            let xr = xTap0 + off;
            let fr = fTap0 + off;
            for (let i = i0; i < i1; i++) {
              let xp = xr;
              let fp = fr;
              let x0 = v128.load(xp), x1 = v128.load(xp + pix), x2 = v128.load(xp + 2 * pix);
              xp += 3 * pix;
              for (let j = 0; j < kw; j++) {
                const x3 = v128.load(xp);
                const fv = v128.load(fp);
                a0 = madd(x0, fv, a0); a1 = madd(x1, fv, a1); a2 = madd(x2, fv, a2); a3 = madd(x3, fv, a3);
                x0 = x1; x1 = x2; x2 = x3;
                xp += pix;
                fp = <usize>(<isize>fp + tapStep);
              }
              xr += rowBytes;
              fr = <usize>(<isize>fr + fRow);
            }
            v128.store(out + off, a0);
            v128.store(out + off + pix, a1);
            v128.store(out + off + 2 * pix, a2);
            v128.store(out + off + 3 * pix, a3);
          }
          for (let q = 0; q < 4; q++) {
            onePixelTail(out, xTap0 + <usize>q * pix, fTap0, c4, c, i0, i1, 0, kw, pix, rowBytes, tapStep, fRow);
            out += pix;
          }
          xo += 4;
          continue;
        }
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
        onePixelTail(out, xTap0, fTap0, c4, c, i0, i1, j0, j1, pix, rowBytes, tapStep, fRow);
        out += pix;
        xo++;
      }
    }
  }
}

/** dw[tap] += sum over ow in [lo, hi) of x[ow - pl + j] dy[ow], channels [0, c): one tap, plain loops. */
@inline function tapSum(xRow: usize, dyRow: usize, tap: usize, j: i32, lo: i32, hi: i32, pl: i32, c4: i32, c: i32, pix: usize): void {
  if (lo >= hi) return;
  const count = hi - lo;
  const xStart = xRow + <usize>(lo - pl + j) * pix;
  const dyStart = dyRow + <usize>lo * pix;
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

/**
 * dw[kh,kw,c] = sum over n,oh,ow of x[n, oh-pt+kh, ow-pl+kw, c] * dy[n,oh,ow,c]: for each
 * (n, oh, kh), four taps at a time over the output columns where all four are inside the
 * row, with the input in a sliding register window (one x and one dy load per four
 * multiply-adds); the rest tap by tap. Sums go into dw (overwritten first).
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
        let j0 = 0;
        for (; j0 + 4 <= kw; j0 += 4) {
          // Columns where taps j0..j0+3 are all inside the row.
          const lo = max(0, pl - j0);
          const hi = max(lo, min(ow, w + pl - j0 - 3));
          const tap0 = dw + <usize>(i * kw + j0) * pix;
          if (hi > lo) {
            const xStart = xRow + <usize>(lo - pl + j0) * pix;
            const dyStart = dyRow + <usize>lo * pix;
            const count = hi - lo;
            for (let ch = 0; ch < c4; ch += 4) {
              const off = <usize>ch << 2;
              let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
              let xp = xStart + off;
              let dp = dyStart + off;
              let x0 = v128.load(xp), x1 = v128.load(xp + pix), x2 = v128.load(xp + 2 * pix);
              xp += 3 * pix;
              for (let k = 0; k < count; k++) {
                const x3 = v128.load(xp);
                const d = v128.load(dp);
                a0 = madd(x0, d, a0); a1 = madd(x1, d, a1); a2 = madd(x2, d, a2); a3 = madd(x3, d, a3);
                x0 = x1; x1 = x2; x2 = x3;
                xp += pix;
                dp += pix;
              }
              const t = tap0 + off;
              v128.store(t, f32x4.add(v128.load(t), a0));
              v128.store(t + pix, f32x4.add(v128.load(t + pix), a1));
              v128.store(t + 2 * pix, f32x4.add(v128.load(t + 2 * pix), a2));
              v128.store(t + 3 * pix, f32x4.add(v128.load(t + 3 * pix), a3));
            }
            // Tail channels of the window, then each tap's columns outside it.
            if (c4 < c) for (let q = 0; q < 4; q++) tapSumTail(xRow, dyRow, tap0 + <usize>q * pix, j0 + q, lo, hi, pl, c4, c, pix);
          }
          for (let q = 0; q < 4; q++) {
            const j = j0 + q;
            const vlo = max(0, pl - j);
            const vhi = min(ow, w + pl - j);
            const tap = tap0 + <usize>q * pix;
            if (hi > lo) {
              tapSum(xRow, dyRow, tap, j, vlo, min(lo, vhi), pl, c4, c, pix);
              tapSum(xRow, dyRow, tap, j, max(hi, vlo), vhi, pl, c4, c, pix);
            } else {
              tapSum(xRow, dyRow, tap, j, vlo, vhi, pl, c4, c, pix);
            }
          }
        }
        for (let j = j0; j < kw; j++) {
          tapSum(xRow, dyRow, dw + <usize>(i * kw + j) * pix, j, max(0, pl - j), min(ow, w + pl - j), pl, c4, c, pix);
        }
      }
    }
  }
}

/** The channels past the last multiple of 4 of tapSum. */
@inline function tapSumTail(xRow: usize, dyRow: usize, tap: usize, j: i32, lo: i32, hi: i32, pl: i32, c4: i32, c: i32, pix: usize): void {
  tapSum(xRow + (<usize>c4 << 2), dyRow + (<usize>c4 << 2), tap + (<usize>c4 << 2), j, lo, hi, pl, 0, c - c4, pix);
}
