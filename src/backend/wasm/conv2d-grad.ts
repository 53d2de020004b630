/**
 * Conv2DBackpropFilter for wasm (the stock backend has none): im2col in JS (free for a
 * 1x1 stride-1 conv, a space-to-depth copy for the stem's stride = kernel), then one
 * transpose and one matmul on the backend's GEMM.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call, dispose, f32, matMul2d, reshape, transpose2d } from './heap.js';
import type { KernelArgs, WasmBackend } from './heap.js';

export type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Patches of x as rows: [N*OH*OW, KH*KW*Ci], zero where the window leaves the image. */
export function im2col(backend: WasmBackend, x: TensorInfo, info: ConvInfo): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const { top: PT, left: PL } = info.padInfo;
  const rowLen = KH * KW * C;
  const out = backend.makeOutput([N * OH * OW, rowLen], 'float32');
  const xs = f32(backend, x);
  const cols = f32(backend, out);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - PT + kh;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - PL + kw;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
              cols.fill(0, o, o + C);
            } else {
              const xo = ((n * H + ih) * W + iw) * C;
              for (let c = 0; c < C; c++) cols[o + c] = xs[xo + c]!;
            }
            o += C;
          }
        }
      }
    }
  }
  return out;
}

export function convInfoOf(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): ConvInfo {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dataFormat?: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  if (dataFormat === 'NCHW') throw new Error('spin wasm conv gradients support NHWC only');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
  );
}

function conv2DBackpropFilter(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  const dy = inputs['dy']!;
  const filterShape = attrs['filterShape'] as number[];
  const info = convInfoOf(x.shape, filterShape, attrs);
  const [KH, KW, Ci, Co] = filterShape as [number, number, number, number];
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const direct = KH === 1 && KW === 1 && info.strideHeight === 1 && info.strideWidth === 1;
  const cols = direct ? reshape(backend, x, [rows, Ci]) : im2col(backend, x, info);
  const colsT = transpose2d(backend, cols);
  const dy2 = reshape(backend, dy, [rows, Co]);
  const dw = matMul2d(backend, colsT, dy2);
  const out = reshape(backend, dw, filterShape);
  dispose(backend, cols, colsT, dy2, dw);
  return out;
}

/** For a 1x1 stride-1 conv, dx = dy @ W^T (a small transpose and one GEMM); else the stock kernel. */
function conv2DBackpropInput(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs['dy']!;
  const filter = inputs['filter']!;
  const inputShape = attrs['inputShape'] as number[];
  if (attrs['dataFormat'] === 'NCHW') return call('Conv2DBackpropInput', backend, inputs, attrs);
  const info = convInfoOf(inputShape, filter.shape, attrs);
  const [KH, KW, Ci, Co] = filter.shape as [number, number, number, number];
  const pointwise = KH === 1 && KW === 1 && info.strideHeight === 1 && info.strideWidth === 1;
  if (!pointwise || info.padInfo.top !== 0 || info.padInfo.left !== 0) {
    return call('Conv2DBackpropInput', backend, inputs, attrs);
  }
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const dy2 = reshape(backend, dy, [rows, Co]);
  const w2 = reshape(backend, filter, [Ci, Co]);
  const wT = transpose2d(backend, w2);
  const dx = matMul2d(backend, dy2, wT);
  const out = reshape(backend, dx, inputShape);
  dispose(backend, dy2, w2, wT, dx);
  return out;
}

export const conv2DBackpropInputKernel: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};

export const conv2DBackpropFilterKernel: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
