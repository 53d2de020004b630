/**
 * Depthwise conv forward, input gradient and filter gradient on the SIMD module
 * (assembly/depthwise.ts): NHWC, channel multiplier 1, stride 1, no dilation. Each returns
 * null where the case or the runtime does not fit, and the caller keeps its other path.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { ConvInfo } from './conv2d-grad.js';
import { convInfoOf } from './conv2d-grad.js';
import { call, offsetOf } from './heap.js';
import type { KernelArgs, WasmBackend } from './heap.js';
import { simdKernels } from './simd.js';

function fits(info: ConvInfo, filterShape: number[], dtypes: string[]): boolean {
  // convInfoOf computes with dilation 1: callers check the attribute (dilationsOne, checkSupported).
  return info.strideHeight === 1 && info.strideWidth === 1 && filterShape[3] === 1 && dtypes.every((d) => d === 'float32');
}

function dilationsOne(attrs: Record<string, unknown>): boolean {
  const d = attrs['dilations'] as number | [number, number] | undefined;
  return d === undefined || d === 1 || (Array.isArray(d) && d[0] === 1 && d[1] === 1);
}

/** Forward: out = x (*) filter. */
export function depthwiseForwardSimd(backend: WasmBackend, x: TensorInfo, filter: TensorInfo, attrs: Record<string, unknown>): TensorInfo | null {
  const simd = simdKernels(backend);
  if (!simd || !dilationsOne(attrs) || attrs['dataFormat'] === 'NCHW') return null;
  const info = convInfoOf(x.shape, filter.shape, attrs);
  if (!fits(info, filter.shape, [x.dtype, filter.dtype])) return null;
  const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.inChannels], 'float32');
  simd.depthwiseConv(offsetOf(backend, x), offsetOf(backend, filter), offsetOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.padInfo.top, info.padInfo.left, 0);
  return out;
}

/** Input gradient: dy convolved with the mirrored filter, pads mirrored. */
export function depthwiseInputGradSimd(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, info: ConvInfo): TensorInfo | null {
  const simd = simdKernels(backend);
  if (!simd || !fits(info, filter.shape, [dy.dtype, filter.dtype])) return null;
  const out = backend.makeOutput(info.inShape, 'float32');
  simd.depthwiseConv(offsetOf(backend, dy), offsetOf(backend, filter), offsetOf(backend, out),
    info.batchSize, info.outHeight, info.outWidth, info.inChannels, info.inHeight, info.inWidth,
    info.filterHeight, info.filterWidth, info.filterHeight - 1 - info.padInfo.top, info.filterWidth - 1 - info.padInfo.left, 1);
  return out;
}

/** Filter gradient: per tap, the sum over batch and positions of x * dy. */
export function depthwiseFilterGradSimd(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, filterShape: number[], info: ConvInfo): TensorInfo | null {
  const simd = simdKernels(backend);
  if (!simd || !fits(info, filterShape, [x.dtype, dy.dtype])) return null;
  const out = backend.makeOutput(filterShape, 'float32');
  simd.depthwiseFilterGrad(offsetOf(backend, x), offsetOf(backend, dy), offsetOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.padInfo.top, info.padInfo.left);
  return out;
}

const depthwiseForward = ((args: KernelArgs): TensorInfo => {
  const { inputs, backend, attrs } = args;
  // bias/activation never reach this kernel (FusedDepthwiseConv2D is its own), so the two are interchangeable.
  return depthwiseForwardSimd(backend, inputs['x']!, inputs['filter']!, attrs) ??
    call('DepthwiseConv2dNative', backend, inputs, attrs);
}) as unknown as KernelFunc;

export const depthwiseForwardKernel: KernelConfig = {
  kernelName: 'DepthwiseConv2dNative',
  backendName: 'wasm',
  kernelFunc: depthwiseForward,
};
