/**
 * The loops of the depthwise filter gradient (channel multiplier 1, NHWC):
 *   dW[kh,kw,c] = sum over n,oh,ow of x[n, oh*s - pt + kh, ow*s - pl + kw, c] * dy[n,oh,ow,c].
 * Every partial sum is accumulated in a fixed order, so results are deterministic.
 */

export interface DepthwiseDims {
  N: number; H: number; W: number; C: number; OH: number; OW: number;
  KH: number; KW: number; SH: number; SW: number; PT: number; PL: number;
}

/**
 * Stride 1 (ConvMixer): for each (n, oh, kh) and channel, one sweep over ow of a
 * zero-padded copy of the x row, five taps at a time, with the five x values in a
 * register window that slides one position per step: two loads per five multiply-adds
 * (~3x the strided loop below).
 */
export function filterGradStride1(x: Float32Array, dy: Float32Array, d: DepthwiseDims, acc: Float64Array): void {
  const { N, H, W, C, OH, OW, KH, KW, PT, PL } = d;
  const chunks = Math.ceil(KW / 5);
  const rowLen = OW + chunks * 5 - 1; // row[r] holds x[.., iw = r - PL, ..], zero outside the image
  const row = new Float32Array(rowLen * C);
  const inLo = Math.max(0, PL);
  const inHi = Math.min(rowLen, PL + W);
  const C2 = 2 * C;
  const C3 = 3 * C;
  const C4 = 4 * C;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const dyRow = (n * OH + oh) * OW * C;
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh - PT + kh;
        if (ih < 0 || ih >= H) continue;
        const xRow = (n * H + ih) * W * C;
        row.fill(0, 0, inLo * C);
        row.set(x.subarray(xRow + (inLo - PL) * C, xRow + (inHi - PL) * C), inLo * C);
        row.fill(0, inHi * C);
        for (let k0 = 0; k0 < KW; k0 += 5) {
          const taps = Math.min(5, KW - k0);
          const ao = (kh * KW + k0) * C;
          for (let c = 0; c < C; c++) {
            // Window r0..r4 = row[ow + k0 .. ow + k0 + 4] slides one position per ow.
            const q0 = k0 * C + c;
            let r0 = row[q0]!, r1 = row[q0 + C]!, r2 = row[q0 + C2]!, r3 = row[q0 + C3]!;
            let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;
            for (let ow = 0, p = dyRow + c, q = q0 + C4; ow < OW; ow++, p += C, q += C) {
              const d = dy[p]!;
              const r4 = row[q]!;
              a0 += r0 * d;
              a1 += r1 * d;
              a2 += r2 * d;
              a3 += r3 * d;
              a4 += r4 * d;
              r0 = r1;
              r1 = r2;
              r2 = r3;
              r3 = r4;
            }
            const o = ao + c;
            acc[o]! += a0;
            if (taps > 1) acc[o + C]! += a1;
            if (taps > 2) acc[o + C2]! += a2;
            if (taps > 3) acc[o + C3]! += a3;
            if (taps > 4) acc[o + C4]! += a4;
          }
        }
      }
    }
  }
}

/** Any stride: for each (n, oh, tap), the sum over ow runs in four registers per channel quad. */
export function filterGradStrided(x: Float32Array, dy: Float32Array, d: DepthwiseDims, acc: Float64Array): void {
  const { N, H, W, C, OH, OW, KH, KW, SH, SW, PT, PL } = d;
  const C4 = C - (C % 4);
  const xStep = SW * C;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const dyRow = (n * OH + oh) * OW * C;
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * SH - PT + kh;
        if (ih < 0 || ih >= H) continue;
        const xRow = (n * H + ih) * W * C;
        for (let kw = 0; kw < KW; kw++) {
          // ow such that 0 <= ow*SW - PL + kw < W
          const lo = Math.max(0, Math.ceil((PL - kw) / SW));
          const hi = Math.min(OW, Math.floor((W - 1 + PL - kw) / SW) + 1);
          if (lo >= hi) continue;
          const ao = (kh * KW + kw) * C;
          const x0 = xRow + (lo * SW - PL + kw) * C;
          const d0 = dyRow + lo * C;
          for (let c = 0; c < C4; c += 4) {
            let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (let ow = lo, q = x0 + c, p = d0 + c; ow < hi; ow++, q += xStep, p += C) {
              s0 += x[q]! * dy[p]!;
              s1 += x[q + 1]! * dy[p + 1]!;
              s2 += x[q + 2]! * dy[p + 2]!;
              s3 += x[q + 3]! * dy[p + 3]!;
            }
            acc[ao + c]! += s0;
            acc[ao + c + 1]! += s1;
            acc[ao + c + 2]! += s2;
            acc[ao + c + 3]! += s3;
          }
          for (let c = C4; c < C; c++) {
            let s = 0;
            for (let ow = lo, q = x0 + c, p = d0 + c; ow < hi; ow++, q += xStep, p += C) s += x[q]! * dy[p]!;
            acc[ao + c]! += s;
          }
        }
      }
    }
  }
}
