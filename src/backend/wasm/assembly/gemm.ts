// C[M,N] = A[M,K] B[K,N], f32. A is read through strides (element (i, k) at
// a + 4 (i sai + k sak)), so A or A^T in memory both work without a copy; B and C are
// row-major. Per block of KC rows of B and MC rows of A, both are packed into the caller's
// scratch (tile-major, so the 4x8 register tile reads them contiguously: strided rows
// 512 bytes apart fall into a few L1 sets and evict each other). Per k the tile does 2
// vector loads of B, 4 broadcasts of A and 8 multiply-adds. A 6x8 tile (12 accumulators)
// measured no faster: V8 keeps 15 xmm registers and spilled four accumulators per k;
// unrolling k by two did not help either.
import { madd } from './vec';

const MR = 4;
const NR = 8;
export const KC = 256;
export const MC = 64;

@inline function acc(c: usize, first: bool, v: v128): void {
  v128.store(c, first ? v : f32x4.add(v128.load(c), v));
}

/** The 4x8 tile from packed A (4 floats per k) and packed B (8 floats per k). */
@inline function tile4x8(pa: usize, pb: usize, c: usize, ldc: usize, kc: i32, first: bool): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  let c30 = c00, c31 = c00;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = madd(av, b0, c00); c01 = madd(av, b1, c01);
    av = v128.load32_splat(pa, 4);
    c10 = madd(av, b0, c10); c11 = madd(av, b1, c11);
    av = v128.load32_splat(pa, 8);
    c20 = madd(av, b0, c20); c21 = madd(av, b1, c21);
    av = v128.load32_splat(pa, 12);
    c30 = madd(av, b0, c30); c31 = madd(av, b1, c31);
    pa += 16;
    pb += 32;
  }
  acc(c, first, c00); acc(c + 16, first, c01); c += ldc;
  acc(c, first, c10); acc(c + 16, first, c11); c += ldc;
  acc(c, first, c20); acc(c + 16, first, c21); c += ldc;
  acc(c, first, c30); acc(c + 16, first, c31);
}

/** One row by four columns, unpacked, for the edges. */
@inline function tile1x4(a: usize, b: usize, c: usize, ldb: usize, sak: usize, kc: i32, first: bool): void {
  let s = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    s = madd(v128.load32_splat(a), v128.load(b), s);
    a += sak;
    b += ldb;
  }
  acc(c, first, s);
}

@inline function tile1x1(a: usize, b: usize, c: usize, ldb: usize, sak: usize, kc: i32, first: bool): void {
  let s: f32 = 0;
  for (let k = 0; k < kc; k++) {
    s += load<f32>(a) * load<f32>(b);
    a += sak;
    b += ldb;
  }
  store<f32>(c, first ? s : load<f32>(c) + s);
}

/**
 * `scratch` holds KC * (N & ~7) + MC * KC floats (gemmScratchFloats); the kernel writes
 * nothing else but C.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, sai: i32, sak: i32, scratch: usize): void {
  const sa = <usize>sai << 2;
  const sk = <usize>sak << 2;
  const ldb = <usize>n << 2;
  const n8 = n & ~(NR - 1);
  const n4 = n & ~3;
  if (k == 0) {
    memory.fill(c, 0, <usize>m * ldb);
    return;
  }
  const packedB = scratch;
  const packedA = scratch + (<usize>(KC * n8) << 2);
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = k0 + KC < k ? KC : k - k0;
    const first = k0 == 0;
    // B[k0:k0+kc, 0:n8] as panels of 8 columns, each kc x 8 contiguous.
    for (let j = 0; j < n8; j += NR) {
      let dst = packedB + (<usize>(j * kc) << 2);
      let src = b + <usize>k0 * ldb + (<usize>j << 2);
      for (let kk = 0; kk < kc; kk++, dst += 32, src += ldb) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    }
    for (let i0 = 0; i0 < m; i0 += MC) {
      const i1 = i0 + MC < m ? i0 + MC : m;
      const full = i0 + (i1 - i0) / MR * MR;
      // A[i0:full, k0:k0+kc] as tiles of 4 rows, each kc x 4 contiguous.
      for (let i = i0; i < full; i += MR) {
        let dst = packedA + (<usize>((i - i0) * kc) << 2);
        let src = a + <usize>i * sa + <usize>k0 * sk;
        for (let kk = 0; kk < kc; kk++, dst += 16, src += sk) {
          store<f32>(dst, load<f32>(src));
          store<f32>(dst, load<f32>(src + sa), 4);
          store<f32>(dst, load<f32>(src + 2 * sa), 8);
          store<f32>(dst, load<f32>(src + 3 * sa), 12);
        }
      }
      for (let j = 0; j < n8; j += NR) {
        const pb = packedB + (<usize>(j * kc) << 2);
        for (let i = i0; i < full; i += MR) {
          tile4x8(packedA + (<usize>((i - i0) * kc) << 2), pb, c + <usize>i * ldb + (<usize>j << 2), ldb, kc, first);
        }
      }
      // Edges: rows past the last full tile, columns past the last multiple of 8.
      for (let i = i0; i < i1; i++) {
        const ai = a + <usize>i * sa + <usize>k0 * sk;
        const ci = c + <usize>i * ldb;
        const bk = b + <usize>k0 * ldb;
        let j = i < full ? n8 : 0;
        for (; j < n4; j += 4) tile1x4(ai, bk + (<usize>j << 2), ci + (<usize>j << 2), ldb, sk, kc, first);
        for (; j < n; j++) tile1x1(ai, bk + (<usize>j << 2), ci + (<usize>j << 2), ldb, sk, kc, first);
      }
    }
  }
}

/** Floats of scratch gemm needs for n columns. */
export function gemmScratchFloats(n: i32): i32 {
  return KC * (n & ~(NR - 1)) + MC * KC;
}
