/**
 * Tile (also what broadcastTo runs) for float32: copy the innermost row once, then
 * replicate whole blocks with copyWithin (a memmove). The stock wasm kernel walks the
 * output element by element.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call, f32 } from './heap.js';
import type { KernelArgs } from './heap.js';

/** Writes tile(x, reps) into out; shapes and strides are row-major. */
export function tileInto(x: Float32Array, shape: number[], reps: number[], out: Float32Array): void {
  const r = shape.length;
  const xStride = new Array<number>(r);
  const oStride = new Array<number>(r);
  for (let d = r - 1, xs = 1, os = 1; d >= 0; d--) {
    xStride[d] = xs;
    oStride[d] = os;
    xs *= shape[d]!;
    os *= shape[d]! * reps[d]!;
  }
  const write = (d: number, xOff: number, oOff: number): void => {
    const n = shape[d]!;
    const chunk = n * oStride[d]!;
    if (d === r - 1 && n < 16) {
      // Short rows (e.g. [.., 1] statistics tiled over channels): plain writes beat memmoves.
      for (let k = 0, o = oOff; k < reps[d]!; k++) for (let i = 0; i < n; i++) out[o++] = x[xOff + i]!;
      return;
    }
    if (d === r - 1) {
      for (let i = 0; i < n; i++) out[oOff + i] = x[xOff + i]!;
    } else {
      for (let i = 0; i < n; i++) write(d + 1, xOff + i * xStride[d]!, oOff + i * oStride[d]!);
    }
    for (let k = 1; k < reps[d]!; k++) out.copyWithin(oOff + k * chunk, oOff, oOff + chunk);
  };
  if (r === 0) out[0] = x[0]!;
  else write(0, 0, 0);
}

function tile(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs['x']!;
  const reps = attrs['reps'] as number[];
  if (x.dtype !== 'float32' || reps.length !== x.shape.length) return call('Tile', backend, inputs, attrs);
  const out = backend.makeOutput(
    x.shape.map((s, i) => s * reps[i]!),
    'float32',
  );
  tileInto(f32(backend, x), x.shape, reps, f32(backend, out));
  return out;
}

export const tileKernel: KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile as unknown as KernelFunc,
};
