/**
 * FusedBatchNorm forward for wasm: fold mean, variance, scale and offset into per-channel
 * a, b (tiny, in JS), then y = x * a + b with the backend's broadcasting Multiply and Add
 * (XNNPACK, ~0.8 ms each on a 64x14x14x128 batch; the stock C++ kernel takes ~8 ms).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call, dispose, f32 } from './heap.js';
import type { KernelArgs } from './heap.js';

const size = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);

function fusedBatchNorm(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, mean, variance, scale, offset } = inputs as Record<string, TensorInfo | undefined>;
  const eps = (attrs['varianceEpsilon'] as number | undefined) ?? 0.001;
  const channels = x!.shape[x!.shape.length - 1]!;
  const params = [mean!, variance!, ...(scale ? [scale] : []), ...(offset ? [offset] : [])];
  // Only per-channel parameters fold into a, b; anything else keeps the stock kernel.
  if (x!.dtype !== 'float32' || params.some((p) => p.dtype !== 'float32' || size(p) !== channels)) {
    return call('FusedBatchNorm', backend, inputs, attrs);
  }
  const a = backend.makeOutput([channels], 'float32');
  const b = backend.makeOutput([channels], 'float32');
  const [m, v, av, bv] = [f32(backend, mean!), f32(backend, variance!), f32(backend, a), f32(backend, b)];
  const s = scale ? f32(backend, scale) : undefined;
  const o = offset ? f32(backend, offset) : undefined;
  for (let c = 0; c < channels; c++) {
    const k = (s ? s[c]! : 1) / Math.sqrt(v[c]! + eps);
    av[c] = k;
    bv[c] = (o ? o[c]! : 0) - m[c]! * k;
  }
  const scaled = call('Multiply', backend, { a: x!, b: a });
  const out = call('Add', backend, { a: scaled, b });
  dispose(backend, a, b, scaled);
  return out;
}

export const fusedBatchNormKernel: KernelConfig = {
  kernelName: 'FusedBatchNorm',
  backendName: 'wasm',
  kernelFunc: fusedBatchNorm as unknown as KernelFunc,
};
