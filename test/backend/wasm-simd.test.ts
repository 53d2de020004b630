import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { WasmBackend } from '../../src/backend/wasm/heap.js';
import { offsetOf } from '../../src/backend/wasm/heap.js';
import { erf } from '../../src/backend/wasm/math.js';
import { forceSimdVariant, simdKernels, simdVariant } from '../../src/backend/wasm/simd.js';
import type { SimdVariant } from '../../src/backend/wasm/simd.js';
import { assertClose, gradsOf, sameOnBoth, setUp, values } from './wasm-compare.js';

const VARIANTS: SimdVariant[] = ['simd', 'relaxed'];

function backend(): WasmBackend {
  return tf.backend() as unknown as WasmBackend;
}

/** Runs `body` with the offsets of fresh wasm tensors holding `data`, returns the first output's values. */
function onHeap(inputs: Float32Array[], outputs: number, body: (offsets: number[]) => void): Float32Array[] {
  const tensors = [...inputs.map((d) => tf.tensor1d(d)), ...Array.from({ length: outputs }, () => tf.zeros([inputs[0]!.length]))];
  body(tensors.map((t) => offsetOf(backend(), { dataId: t.dataId, shape: t.shape, dtype: t.dtype })));
  const out = tensors.slice(inputs.length).map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(tensors);
  return out;
}

describe('SIMD kernel module on the wasm heap', () => {
  before(async () => {
    await setUp();
    await tf.setBackend('wasm');
  });

  it('loads on the wasm backend in this runtime, relaxed where it validates', () => {
    assert.ok(simdKernels(backend()), 'the SIMD module must bind to the wasm backend heap');
    assert.ok(VARIANTS.includes(simdVariant()));
    if (Number(process.versions.node.split('.')[0]) >= 20) assert.equal(simdVariant(), 'relaxed');
  });

  for (const variant of VARIANTS) {
    it(`${variant}: GELU forward and backward match the scalar formulas, odd lengths included`, () => {
      const k = simdKernels(backend(), variant)!;
      for (const n of [1, 3, 4, 7, 1001]) {
        const x = Float32Array.from(values([n], n), (v, i) => (i === 0 ? 0 : v * 7));
        const y = Float32Array.from(x, (v) => 0.5 * v * (1 + erf(v * Math.SQRT1_2)));
        const dy = values([n], n + 1);
        const [gy] = onHeap([x], 1, ([xo, yo]) => k.gelu(xo!, yo!, n));
        assertClose(gy!, y, 2e-7, `${variant} gelu n=${n}`);
        const expected = Float32Array.from(x, (v, i) =>
          dy[i]! * (0.5 * (1 + erf(v * Math.SQRT1_2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI)));
        const [dx] = onHeap([x, y, dy], 1, ([xo, yo, dyo, dxo]) => k.geluGrad(xo!, yo!, dyo!, dxo!, n));
        assertClose(dx!, expected, 5e-7, `${variant} gelu grad n=${n}`);
      }
    });
  }

  const depthwiseCases: Array<{ x: number[]; k: number; pad: 'same' | 'valid' }> = [
    { x: [1, 14, 14, 13], k: 5, pad: 'same' },
    { x: [3, 7, 9, 8], k: 3, pad: 'same' },
    { x: [2, 6, 5, 3], k: 4, pad: 'same' },
    { x: [1, 8, 7, 6], k: 3, pad: 'valid' },
    { x: [2, 3, 4, 5], k: 7, pad: 'same' },
  ];
  for (const variant of VARIANTS) {
    it(`${variant}: depthwise conv, input gradient and filter gradient equal the cpu backend's`, async () => {
      forceSimdVariant(variant);
      try {
        for (const c of depthwiseCases) {
          await sameOnBoth(`${variant} depthwise k${c.k} ${c.pad} on ${JSON.stringify(c.x)}`,
            gradsOf((x, f) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, c.pad), [c.x, [c.k, c.k, c.x[3]!, 1]]),
            1e-5);
        }
      } finally {
        forceSimdVariant(undefined);
      }
    });
  }

  it('keeps working on offsets after the shared memory grows', () => {
    const k = simdKernels(backend())!;
    const before = (backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
    const big = tf.zeros([before / 4 + 1024]); // larger than the heap: forces growth
    const after = (backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
    assert.ok(after > before, `heap grew (${before} -> ${after})`);
    const x = Float32Array.from([-2, -0.5, 0.25, 3, 9]);
    const [y] = onHeap([x], 1, ([xo, yo]) => k.gelu(xo!, yo!, x.length));
    assertClose(y!, Float32Array.from(x, (v) => 0.5 * v * (1 + erf(v * Math.SQRT1_2))), 2e-7, 'after growth');
    big.dispose();
  });
});
