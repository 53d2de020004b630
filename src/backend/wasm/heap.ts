/**
 * Direct access to the wasm backend's heap: kernels written in JS read and write the
 * backend's Float32 data in place, and call the backend's own (C++) kernels for the
 * parts it does well (matmul, transpose).
 */
import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** The part of tfjs-backend-wasm's BackendWasm these kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs: NamedAttrMap;
}

/**
 * A Float32 view of a tensor's data. Views die when the wasm memory grows (any
 * allocation may grow it), so allocate every output first, then take the views.
 */
export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`spin wasm kernels need float32, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** The byte offset of a float32 tensor's data in the backend's heap (for the SIMD kernels). */
export function offsetOf(backend: WasmBackend, info: TensorInfo): number {
  if (info.dtype !== 'float32') throw new Error(`spin wasm kernels need float32, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info).byteOffset;
}

const originals = new Map<string, KernelFunc>();

/** Remembers the stock wasm kernel for `name` (once), so overrides can still call it. */
export function keepOriginal(name: string): void {
  if (originals.has(name)) return;
  const config = tf.getKernel(name, 'wasm');
  if (config) originals.set(name, config.kernelFunc);
}

/** Runs a wasm kernel (the stock one when it was overridden) on tensor infos. */
export function call(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const func = originals.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!func) throw new Error(`wasm kernel ${name} is not registered`);
  return func({ inputs, backend, attrs }) as TensorInfo;
}

/** A same-data view of `info` with another shape (the wasm Reshape kernel shares data). */
export function reshape(backend: WasmBackend, info: TensorInfo, shape: number[]): TensorInfo {
  return call('Reshape', backend, { x: info }, { shape });
}

export function dispose(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** 2-D matmul a[m,k] @ b[k,n] on the backend's (XNNPACK) kernel, no transposes. */
export function matMul2d(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  const a3 = reshape(backend, a, [1, a.shape[0]!, a.shape[1]!]);
  const b3 = reshape(backend, b, [1, b.shape[0]!, b.shape[1]!]);
  const out = call('BatchMatMul', backend, { a: a3, b: b3 }, { transposeA: false, transposeB: false });
  dispose(backend, a3, b3);
  const out2 = reshape(backend, out, [a.shape[0]!, b.shape[1]!]);
  dispose(backend, out);
  return out2;
}

export function transpose2d(backend: WasmBackend, x: TensorInfo): TensorInfo {
  return call('Transpose', backend, { x }, { perm: [1, 0] });
}
