/**
 * Depthwise conv gradients for wasm (the stock backend has none), as tight JS loops over
 * the heap. NHWC, channel multiplier 1, no dilation: what ConvMixer uses. Each output
 * element is accumulated in a fixed order, so results are deterministic.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { convInfoOf } from './conv2d-grad.js';
import { f32 } from './heap.js';
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

/** dx[n,ih,iw,c] = sum over taps of filter[kh,kw,c] * dy[n,oh,ow,c] with oh*s - pad + kh = ih. */
function depthwiseBackpropInput(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dyInfo = inputs['dy']!;
  const filterInfo = inputs['filter']!;
  const inputShape = attrs['inputShape'] as number[];
  checkSupported(filterInfo.shape, attrs);
  const info = convInfoOf(inputShape, filterInfo.shape, attrs);
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
            for (let c = 0; c < C; c++) dx[dxo + c] += f[fo + c]! * dy[dyo + c]!;
          }
        }
      }
    }
  }
  return out;
}

/** dW[kh,kw,c] = sum over n,oh,ow of x[n, oh*s - pad + kh, ow*s - pad + kw, c] * dy[n,oh,ow,c]. */
function depthwiseBackpropFilter(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const xInfo = inputs['x']!;
  const dyInfo = inputs['dy']!;
  const filterShape = attrs['filterShape'] as number[];
  checkSupported(filterShape, attrs);
  const info = convInfoOf(xInfo.shape, filterShape, attrs);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const { top: PT, left: PL } = info.padInfo;
  const acc = new Float64Array(KH * KW * C);
  const out = backend.makeOutput(filterShape, 'float32');
  const x = f32(backend, xInfo);
  const dy = f32(backend, dyInfo);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * SH - PT + kh;
        if (ih < 0 || ih >= H) continue;
        for (let ow = 0; ow < OW; ow++) {
          const dyo = ((n * OH + oh) * OW + ow) * C;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - PL + kw;
            if (iw < 0 || iw >= W) continue;
            const xo = ((n * H + ih) * W + iw) * C;
            const ao = (kh * KW + kw) * C;
            for (let c = 0; c < C; c++) acc[ao + c] += x[xo + c]! * dy[dyo + c]!;
          }
        }
      }
    }
  }
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
