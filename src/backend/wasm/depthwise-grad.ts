/**
 * Depthwise conv gradients for wasm (the stock backend has none). NHWC, channel multiplier
 * 1, no dilation: what ConvMixer uses. Stride 1 runs on the SIMD module (depthwise-simd.ts)
 * where it binds; otherwise the input gradient runs on the backend's own
 * depthwise conv where it can (stride 1), else a JS loop; the filter gradient is JS loops
 * over the heap (depthwise-filter.ts). Fixed accumulation orders: deterministic.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { convInfoOf } from './conv2d-grad.js';
import { depthwiseFilterGradSimd, depthwiseInputGradSimd } from './depthwise-simd.js';
import { filterGradStride1, filterGradStrided } from './depthwise-filter.js';
import type { DepthwiseDims } from './depthwise-filter.js';
import { call, dispose, f32 } from './heap.js';
import type { KernelArgs } from './heap.js';

function checkSupported(filterShape: number[], attrs: Record<string, unknown>): void {
  const dilations = attrs['dilations'] as number | [number, number] | undefined;
  const d = dilations === undefined ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (filterShape[3] !== 1 || d[0] !== 1 || d[1] !== 1) {
    throw new Error(
      `spin wasm depthwise gradients support channel multiplier 1 without dilation ` +
        `(got filter ${JSON.stringify(filterShape)}, dilations ${JSON.stringify(dilations)})`,
    );
  }
}

/**
 * With stride 1, dx is a depthwise conv of dy with the filter flipped in both spatial
 * axes (padding mirrored), which the backend's XNNPACK kernel runs ~3x faster than JS.
 */
function flippedConv(args: KernelArgs, info: ReturnType<typeof convInfoOf>): TensorInfo | null {
  const { inputs, backend } = args;
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = info;
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const top = KH - 1 - info.padInfo.top;
  const left = KW - 1 - info.padInfo.left;
  const bottom = H - OH + KH - 1 - top;
  const right = W - OW + KW - 1 - left;
  if (Math.min(top, left, bottom, right) < 0) return null;
  const filter = inputs['filter']!;
  const C = filter.shape[2]!;
  const flipped = backend.makeOutput(filter.shape, 'float32');
  const src = f32(backend, filter);
  const dst = f32(backend, flipped);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const from = (kh * KW + kw) * C;
      const to = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * C;
      dst.set(src.subarray(from, from + C), to);
    }
  }
  const out = call('DepthwiseConv2dNative', backend, { x: inputs['dy']!, filter: flipped }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
  });
  dispose(backend, flipped);
  return out;
}

/** dx[n,ih,iw,c] = sum over taps of filter[kh,kw,c] * dy[n,oh,ow,c] with oh*s - pad + kh = ih. */
function depthwiseBackpropInput(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dyInfo = inputs['dy']!;
  const filterInfo = inputs['filter']!;
  const inputShape = attrs['inputShape'] as number[];
  checkSupported(filterInfo.shape, attrs);
  const info = convInfoOf(inputShape, filterInfo.shape, attrs);
  const fast = depthwiseInputGradSimd(backend, dyInfo, filterInfo, info) ?? flippedConv(args, info);
  if (fast) return fast;
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const { top: PT, left: PL } = info.padInfo;
  const out = backend.makeOutput(inputShape, 'float32');
  const dx = f32(backend, out);
  const dy = f32(backend, dyInfo);
  const f = f32(backend, filterInfo);
  dx.fill(0);
  for (let n = 0; n < N; n++) {
    for (let ih = 0; ih < H; ih++) {
      for (let kh = 0; kh < KH; kh++) {
        const th = ih + PT - kh;
        if (th < 0 || th % SH !== 0) continue;
        const oh = th / SH;
        if (oh >= OH) continue;
        for (let iw = 0; iw < W; iw++) {
          const dxo = ((n * H + ih) * W + iw) * C;
          for (let kw = 0; kw < KW; kw++) {
            const tw = iw + PL - kw;
            if (tw < 0 || tw % SW !== 0) continue;
            const ow = tw / SW;
            if (ow >= OW) continue;
            const dyo = ((n * OH + oh) * OW + ow) * C;
            const fo = (kh * KW + kw) * C;
            for (let c = 0; c < C; c++) dx[dxo + c]! += f[fo + c]! * dy[dyo + c]!;
          }
        }
      }
    }
  }
  return out;
}

function depthwiseBackpropFilter(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const xInfo = inputs['x']!;
  const dyInfo = inputs['dy']!;
  const filterShape = attrs['filterShape'] as number[];
  checkSupported(filterShape, attrs);
  const info = convInfoOf(xInfo.shape, filterShape, attrs);
  const fast = depthwiseFilterGradSimd(backend, xInfo, dyInfo, filterShape, info);
  if (fast) return fast;
  const dims: DepthwiseDims = {
    N: info.batchSize, H: info.inHeight, W: info.inWidth, C: info.inChannels, OH: info.outHeight, OW: info.outWidth,
    KH: info.filterHeight, KW: info.filterWidth, SH: info.strideHeight, SW: info.strideWidth,
    PT: info.padInfo.top, PL: info.padInfo.left,
  };
  const acc = new Float64Array(dims.KH * dims.KW * dims.C);
  const out = backend.makeOutput(filterShape, 'float32');
  const x = f32(backend, xInfo);
  const dy = f32(backend, dyInfo);
  if (dims.SH === 1 && dims.SW === 1 && dims.PL >= 0) filterGradStride1(x, dy, dims, acc);
  else filterGradStrided(x, dy, dims, acc);
  f32(backend, out).set(acc);
  return out;
}

export const depthwiseGradKernels: KernelConfig[] = [
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropInput as unknown as KernelFunc,
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropFilter as unknown as KernelFunc,
  },
];
