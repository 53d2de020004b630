/**
 * The native backend's kernels: an overlay on the wasm SIMD module's kernels (wasm/simd.ts)
 * that runs the heavy ones in the addon, on the same heap, by the same byte offsets, with
 * no copies. Every wasm kernel wrapper (matmul, depthwise conv and its gradients, BatchNorm
 * passes, Adam, ...) therefore runs unchanged on native code where the addon has the
 * kernel, and on the wasm module where it does not yet. The heap's ArrayBuffer is re-read
 * at every call: a grown memory has a new one (offsets stay valid).
 */
import type { KernelOverlay, SimdKernels } from '../wasm/simd.js';
import type { DepthwiseSizes, NativeAddon } from './addon.js';

/** oneDNN takes the bottom/right padding explicitly; a negative one stays on the wasm module. */
function padsFit(h: number, oh: number, k: number, pad: number): boolean {
  return pad >= 0 && oh - h + k - 1 - pad >= 0;
}

/** Calls into the addon per kernel in this thread (tests check the native path really ran). */
export const nativeCalls = new Map<string, number>();

export function nativeOverlay(addon: NativeAddon): KernelOverlay {
  return (memory: WebAssembly.Memory, base: SimdKernels): SimdKernels => {
    // The heap's current buffer (a grown memory has a new one), counting the call.
    const heap = (kernel: string): ArrayBuffer => {
      nativeCalls.set(kernel, (nativeCalls.get(kernel) ?? 0) + 1);
      return memory.buffer;
    };
    return {
      ...base,
      variant: 'native',
      gemmBatched(a, b, c, batch, m, n, k, transposeA, transposeB, strideA, strideB) {
        addon.gemm(heap('gemm'), a, b, c, batch, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, strideA, strideB);
      },
      gemm(a, b, c, m, n, k, sai, sak, scratch) {
        // A read through strides: the two layouts gemm.ts passes are A and A^T.
        if (sak === 1 && sai === k) addon.gemm(heap('gemm'), a, b, c, 1, m, n, k, 0, 0, 0, 0);
        else if (sai === 1 && sak === m) addon.gemm(heap('gemm'), a, b, c, 1, m, n, k, 1, 0, 0, 0);
        else base.gemm(a, b, c, m, n, k, sai, sak, scratch);
      },
      depthwiseConv(x, f, out, n, h, w, c, oh, ow, kh, kw, pt, pl, flip) {
        if (flip === 0) {
          if (!padsFit(h, oh, kh, pt) || !padsFit(w, ow, kw, pl)) return base.depthwiseConv(x, f, out, n, h, w, c, oh, ow, kh, kw, pt, pl, flip);
          addon.depthwiseForward(heap('depthwiseForward'), x, f, out, n, h, w, c, oh, ow, kh, kw, pt, pl);
          return;
        }
        // The input gradient, asked as a conv of dy (h x w) with the mirrored filter into dx
        // (oh x ow) with mirrored pads: the forward conv it differentiates is dx -> dy.
        const sizes: DepthwiseSizes = [n, oh, ow, c, h, w, kh, kw, kh - 1 - pt, kw - 1 - pl];
        if (!padsFit(oh, h, kh, sizes[8]) || !padsFit(ow, w, kw, sizes[9])) return base.depthwiseConv(x, f, out, n, h, w, c, oh, ow, kh, kw, pt, pl, flip);
        addon.depthwiseInputGrad(heap('depthwiseInputGrad'), x, f, out, ...sizes);
      },
      depthwiseFilterGrad(x, dy, dw, n, h, w, c, oh, ow, kh, kw, pt, pl) {
        if (!padsFit(h, oh, kh, pt) || !padsFit(w, ow, kw, pl)) return base.depthwiseFilterGrad(x, dy, dw, n, h, w, c, oh, ow, kh, kw, pt, pl);
        addon.depthwiseFilterGrad(heap('depthwiseFilterGrad'), x, dy, dw, n, h, w, c, oh, ow, kh, kw, pt, pl);
      },
      adam(w, g, m, v, out, n, lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, c1, c2, eps) {
        addon.adam(heap('adam'), w, g, m, v, out, n, lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, c1, c2, eps);
      },
      biasGeluMoments(z, bias, g, mean, variance, _acc, rows, cols) {
        if (rows < 1) return base.biasGeluMoments(z, bias, g, mean, variance, _acc, rows, cols);
        addon.biasGeluMoments(heap('biasGeluMoments'), z, bias, g, mean, variance, rows, cols);
      },
      biasGeluBnGrad(dy, z, bias, g, a, p, q, dz, dbias, _acc, rows, cols) {
        addon.biasGeluBnGrad(heap('biasGeluBnGrad'), dy, z, bias, g, a, p, q, dz, dbias, rows, cols);
      },
      batchNormSums(x, dy, mean, s1, s2, rows, cols) {
        addon.batchNormSums(heap('batchNormSums'), x, dy, mean, s1, s2, rows, cols);
      },
      gelu(x, y, n) {
        addon.gelu(heap('gelu'), x, y, n);
      },
      geluGrad(x, y, dy, dx, n) {
        addon.geluGrad(heap('geluGrad'), x, y, dy, dx, n);
      },
      channelAffine(x, a, b, out, rows, cols) {
        addon.channelAffine(heap('channelAffine'), x, a, b, out, rows, cols);
      },
      channelAffine2(dy, x, a, p, q, out, rows, cols) {
        addon.channelAffine2(heap('channelAffine2'), dy, x, a, p, q, out, rows, cols);
      },
    };
  };
}
