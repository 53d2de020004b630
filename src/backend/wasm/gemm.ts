/**
 * BatchMatMul on the SIMD module's blocked GEMM (assembly/gemm.ts). A transposed A is read
 * through strides (no copy: the pointwise conv's filter gradient X^T dY reads X in place);
 * a transposed B is made explicit first by the backend's Transpose, since the kernel needs
 * B's rows contiguous. Packing scratch is a tensor allocated through the backend (the module
 * owns no memory) and freed after the call. A broadcast batch (size 1 on one side) reuses that side's matrix.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import { call, dispose, offsetOf } from './heap.js';
import type { WasmBackend } from './heap.js';
import { simdKernels } from './simd.js';

export function gemmSimd(backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  const simd = simdKernels(backend);
  if (!simd || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 3 || b.shape.length !== 3) return null;
  const [batchA, a1, a2] = a.shape as [number, number, number];
  const [batchB, b1, b2] = b.shape as [number, number, number];
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const [M, K] = transposeA ? [a2, a1] : [a1, a2];
  const [kB, N] = transposeB ? [b2, b1] : [b1, b2];
  // Below one 4x8 register tile per side the kernel runs its slow edge loops: XNNPACK's turn
  // (the stem's filter gradient is [4, 12544] x [12544, 128]).
  if (K !== kB || M < 4 || N < 8) return null;
  const batch = Math.max(batchA, batchB);
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
