/**
 * Matmul with transpose flags: the stock wasm kernel is ~10x slower with transposeA/B
 * than an explicit Transpose followed by a plain matmul, so do exactly that. Batched
 * products (batch > 1, ViT attention) run on our SIMD GEMM (gemm.ts), else in JS
 * (batch-matmul.ts). SPIN_WASM_GEMM=simd runs every BatchMatMul on our GEMM: measured side
 * by side on the ConvMixer step shapes it ties with XNNPACK (both ~19-23 GFLOP/s per
 * CPU-second here, about half the ~40-45 GFLOP/s f32x4 FMA peak this CPU reaches), so
 * XNNPACK stays the default for batch 1. On the native backend every BatchMatMul runs on
 * its GEMM (oneDNN, through gemm.ts), transposes read in place.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { batchMatMulJs } from './batch-matmul.js';
import { gemmSimd } from './gemm.js';
import { call, dispose } from './heap.js';
import { simdKernels } from './simd.js';
import type { KernelArgs, WasmBackend } from './heap.js';

function swapLastTwo(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
  return call('Transpose', backend, { x }, { perm });
}

function withExplicitTransposes(name: string): KernelFunc {
  return ((args: KernelArgs) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const batched = Math.max(inputs['a']!.shape[0]!, inputs['b']!.shape[0]!) > 1;
    const everyShape = process.env['SPIN_WASM_GEMM'] === 'simd' || simdKernels(backend)?.variant === 'native';
    if (name === 'BatchMatMul' && (batched || everyShape)) {
      const simd = gemmSimd(backend, inputs['a']!, inputs['b']!, transposeA, transposeB);
      if (simd) return simd;
    }
    if (name === 'BatchMatMul') {
      const js = batchMatMulJs(backend, inputs['a']!, inputs['b']!, transposeA, transposeB);
      if (js) return js;
    }
    if (!transposeA && !transposeB) return call(name, backend, inputs, attrs);
    const a = transposeA ? swapLastTwo(backend, inputs['a']!) : inputs['a']!;
    const b = transposeB ? swapLastTwo(backend, inputs['b']!) : inputs['b']!;
    const out = call(name, backend, { ...inputs, a, b }, { ...attrs, transposeA: false, transposeB: false });
    if (transposeA) dispose(backend, a);
    if (transposeB) dispose(backend, b);
    return out;
  }) as unknown as KernelFunc;
}

export const matMulKernels: KernelConfig[] = ['BatchMatMul', '_FusedMatMul'].map((kernelName) => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: withExplicitTransposes(kernelName),
}));
