/**
 * Identity, and Cast to the same dtype, as shared-data views (what the cpu backend and the
 * wasm Reshape already do) instead of full copies. The engine clones every tensor it saves
 * for the backward pass, so the copies cost ~270 full activation copies per ConvMixer step.
 * Safe because no kernel writes into its inputs and variables are reassigned, not mutated.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call } from './heap.js';
import type { KernelArgs } from './heap.js';

function view(args: KernelArgs, name: 'Identity' | 'Cast'): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  const same = name === 'Identity' || attrs['dtype'] === x.dtype;
  if (!same || x.dtype === 'string') return call(name, backend, inputs, attrs);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const viewKernels: KernelConfig[] = (['Identity', 'Cast'] as const).map((kernelName) => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: ((args: KernelArgs) => view(args, kernelName)) as unknown as KernelFunc,
}));
