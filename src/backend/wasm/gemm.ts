/**
 * BatchMatMul on the SIMD module's blocked GEMM (assembly/gemm.ts). A transposed A is read
 * through strides (no copy: the pointwise conv's filter gradient X^T dY reads X in place);
 * a transposed B is made explicit first by the backend's Transpose, since the kernel needs
 * B's rows contiguous. Packing scratch is a tensor allocated through the backend (the module
 * owns no memory) and freed after the call. A broadcast batch (size 1 on one side) reuses that side's matrix.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { call, dispose, offsetOf } from './heap.js';
import type { WasmBackend } from './heap.js';
import { simdKernels } from './simd.js';
import type { SimdKernels } from './simd.js';

/**
 * The native overlay's GEMM (oneDNN): any rank >= 2, leading dims as the batch (a side with
 * one matrix is broadcast), both transposes read in place, the whole batch in one call.
 */
function gemmNative(backend: WasmBackend, simd: SimdKernels, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const [batchA, batchB, batch] = [outerA, outerB, outer].map((s) => tf.util.sizeFromShape(s)) as [number, number, number];
  if ((batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch)) return null;
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const [M, K] = transposeA ? [ca, ra] : [ra, ca];
  const [kB, N] = transposeB ? [cb, rb] : [rb, cb];
  if (K !== kB || batch * M * N * K === 0) return null;
  const out = backend.makeOutput([...outer, M, N], 'float32');
  simd.gemmBatched!(offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out), batch, M, N, K,
    transposeA, transposeB, batchA === 1 ? 0 : M * K, batchB === 1 ? 0 : K * N);
  return out;
}

export function gemmSimd(backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  const simd = simdKernels(backend);
  if (!simd || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (simd.gemmBatched) return gemmNative(backend, simd, a, b, transposeA, transposeB);
  if (a.shape.length !== 3 || b.shape.length !== 3) return null;
  const [batchA, a1, a2] = a.shape as [number, number, number];
  const [batchB, b1, b2] = b.shape as [number, number, number];
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const [M, K] = transposeA ? [a2, a1] : [a1, a2];
  const [kB, N] = transposeB ? [b2, b1] : [b1, b2];
  if (K !== kB) return null;
  const batch = Math.max(batchA, batchB);
  // Below one 4x8 register tile per side the kernel runs its slow edge loops: XNNPACK's turn
  // (the stem's filter gradient is [4, 12544] x [12544, 128]).
  if (M < 4 || N < 8) return null;
  const bRows = transposeB ? call('Transpose', backend, { x: b }, { perm: [0, 2, 1] }) : b;
  const out = backend.makeOutput([batch, M, N], 'float32');
  const scratch = backend.makeOutput([simd.gemmScratchFloats(N)], 'float32');
  const [pa, pb, pc, ps] = [offsetOf(backend, a), offsetOf(backend, bRows), offsetOf(backend, out), offsetOf(backend, scratch)];
  const [sai, sak] = transposeA ? [1, M] : [K, 1];
  for (let t = 0; t < batch; t++) {
    simd.gemm(pa + (batchA === 1 ? 0 : t * M * K * 4), pb + (batchB === 1 ? 0 : t * K * N * 4), pc + t * M * N * 4, M, N, K, sai, sak, ps);
  }
  dispose(backend, scratch);
  if (transposeB) dispose(backend, bRows);
  return out;
}
