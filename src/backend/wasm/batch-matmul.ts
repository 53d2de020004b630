/**
 * Batched matmul (batch > 1, e.g. attention's [batch*heads, T, d] products) in JS with a
 * 4x4 register tile. The stock wasm kernel only reaches XNNPACK for a batch of one and
 * runs a plain loop otherwise: this is ~1.8x faster on ViT attention shapes. Transposes
 * are read through strides, so no transposed copies are made. Fixed summation order.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { f32 } from './heap.js';
import type { WasmBackend } from './heap.js';

/** One side of the product, read through strides. */
interface Operand {
  data: Float32Array;
  /** Matrix t starts at t * batchStride (0: broadcast). */
  batchStride: number;
  /** Step along the output dimension (rows of A, columns of B). */
  stepOuter: number;
  /** Step along the summed dimension. */
  stepK: number;
}

/** out[b] = A[b] (M x K) @ B[b] (K x N) for b < batch. */
function multiply(a: Operand, b: Operand, out: Float32Array, batch: number, M: number, K: number, N: number): void {
  const { data: A, stepOuter: ai, stepK: ak } = a;
  const { data: B, stepOuter: bj, stepK: bk } = b;
  for (let t = 0; t < batch; t++) {
    const ao = t * a.batchStride;
    const bo = t * b.batchStride;
    const co = t * M * N;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let k = 0, pa = ao + i * ai, pb = bo + j * bj; k < K; k++, pa += ak, pb += bk) {
          const a0 = A[pa]!, a1 = A[pa + ai]!, a2 = A[pa + 2 * ai]!, a3 = A[pa + 3 * ai]!;
          const b0 = B[pb]!, b1 = B[pb + bj]!, b2 = B[pb + 2 * bj]!, b3 = B[pb + 3 * bj]!;
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        let r = co + i * N + j;
        out[r] = c00; out[r + 1] = c01; out[r + 2] = c02; out[r + 3] = c03;
        r += N;
        out[r] = c10; out[r + 1] = c11; out[r + 2] = c12; out[r + 3] = c13;
        r += N;
        out[r] = c20; out[r + 1] = c21; out[r + 2] = c22; out[r + 3] = c23;
        r += N;
        out[r] = c30; out[r + 1] = c31; out[r + 2] = c32; out[r + 3] = c33;
      }
      for (; j < N; j++) for (let r = i; r < i + 4; r++) out[co + r * N + j] = dot(A, ao + r * ai, ak, B, bo + j * bj, bk, K);
    }
    for (; i < M; i++) for (let j = 0; j < N; j++) out[co + i * N + j] = dot(A, ao + i * ai, ak, B, bo + j * bj, bk, K);
  }
}

function dot(A: Float32Array, pa: number, sa: number, B: Float32Array, pb: number, sb: number, K: number): number {
  let s = 0;
  for (let k = 0; k < K; k++, pa += sa, pb += sb) s += A[pa]! * B[pb]!;
  return s;
}

/**
 * a @ b (with optional transposes) when the batch exceeds one and the batch dims are equal
 * or one side has none; null otherwise (the caller uses the stock kernel).
 */
export function batchMatMulJs(
  backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean,
): TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  let outer: number[];
  try {
    outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = tf.util.sizeFromShape(outer);
  // Each side is either one matrix for all, or laid out exactly as the output batch.
  if (batch <= 1 || (batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch)) return null;
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const M = transposeA ? ca : ra;
  const K = transposeA ? ra : ca;
  const N = transposeB ? rb : cb;
  if ((transposeB ? cb : rb) !== K) return null; // let the stock kernel report the mismatch
  const out = backend.makeOutput([...outer, M, N], 'float32');
  const opA: Operand = {
    data: f32(backend, a), batchStride: batchA === 1 ? 0 : ra * ca,
    stepOuter: transposeA ? 1 : ca, stepK: transposeA ? ca : 1,
  };
  const opB: Operand = {
    data: f32(backend, b), batchStride: batchB === 1 ? 0 : rb * cb,
    stepOuter: transposeB ? cb : 1, stepK: transposeB ? 1 : cb,
  };
  multiply(opA, opB, f32(backend, out), batch, M, K, N);
  return out;
}
