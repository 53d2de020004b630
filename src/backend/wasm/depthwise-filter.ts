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
 * Stride 1 (ConvMixer): for each (n, oh, kh), one sweep over ow of a zero-padded copy of
 * the x row feeds five taps x two channels of register accumulators, so each dy value is
 * loaded once per five taps (~2x the strided loop below).
 */
export function filterGradStride1(x: Float32Array, dy: Float32Array, d: DepthwiseDims, acc: Float64Array): void {
  const { N, H, W, C, OH, OW, KH, KW, PT, PL } = d;
  const chunks = Math.ceil(KW / 5);
  const rowLen = OW + chunks * 5 - 1; // row[r] holds x[.., iw = r - PL, ..], zero outside the image
  const row = new Float32Array(rowLen * C);
  const r0 = Math.max(0, PL);
  const r1 = Math.min(rowLen, PL + W);
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
        row.fill(0, 0, r0 * C);
        row.set(x.subarray(xRow + (r0 - PL) * C, xRow + (r1 - PL) * C), r0 * C);
        row.fill(0, r1 * C);
        for (let k0 = 0; k0 < KW; k0 += 5) {
          const taps = Math.min(5, KW - k0);
          const ao = (kh * KW + k0) * C;
          let c = 0;
          for (; c + 1 < C; c += 2) {
            let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;
            let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0;
            for (let ow = 0, p = dyRow + c, q = k0 * C + c; ow < OW; ow++, p += C, q += C) {
              const d0 = dy[p]!;
              const d1 = dy[p + 1]!;
              a0 += row[q]! * d0;
              b0 += row[q + 1]! * d1;
              a1 += row[q + C]! * d0;
              b1 += row[q + C + 1]! * d1;
              a2 += row[q + C2]! * d0;
              b2 += row[q + C2 + 1]! * d1;
              a3 += row[q + C3]! * d0;
              b3 += row[q + C3 + 1]! * d1;
              a4 += row[q + C4]! * d0;
              b4 += row[q + C4 + 1]! * d1;
            }
            const o = ao + c;
            acc[o] += a0;
            acc[o + 1] += b0;
            if (taps > 1) { acc[o + C] += a1; acc[o + C + 1] += b1; }
            if (taps > 2) { acc[o + C2] += a2; acc[o + C2 + 1] += b2; }
            if (taps > 3) { acc[o + C3] += a3; acc[o + C3 + 1] += b3; }
            if (taps > 4) { acc[o + C4] += a4; acc[o + C4 + 1] += b4; }
          }
          for (; c < C; c++) {
            for (let t = 0; t < taps; t++) {
              let s = 0;
              for (let ow = 0, p = dyRow + c, q = (k0 + t) * C + c; ow < OW; ow++, p += C, q += C) s += row[q]! * dy[p]!;
              acc[ao + t * C + c] += s;
            }
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
            acc[ao + c] += s0;
            acc[ao + c + 1] += s1;
            acc[ao + c + 2] += s2;
            acc[ao + c + 3] += s3;
          }
          for (let c = C4; c < C; c++) {
            let s = 0;
            for (let ow = lo, q = x0 + c, p = d0 + c; ow < hi; ow++, q += xStep, p += C) s += x[q]! * dy[p]!;
            acc[ao + c] += s;
          }
        }
      }
    }
  }
}
