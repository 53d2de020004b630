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

/**
 * Runs `body` with the offsets of fresh wasm tensors holding `inputs`, then of `outputs`
 * (a count of outputs as long as the first input, or their lengths); returns the outputs' values.
 */
function onHeap(inputs: Float32Array[], outputs: number | number[], body: (offsets: number[]) => void): Float32Array[] {
  const sizes = typeof outputs === 'number' ? Array.from({ length: outputs }, () => inputs[0]!.length) : outputs;
  // Filled with NaN: a kernel that skips an output element fails the comparison.
  const tensors = [...inputs.map((d) => tf.tensor1d(d)), ...sizes.map((n) => tf.fill([n], NaN))];
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
    it(`${variant}: GELU and erf forward and backward match the scalar formulas, odd lengths included`, () => {
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
        const [e] = onHeap([x], 1, ([xo, eo]) => k.erf(xo!, eo!, n));
        assertClose(e!, Float32Array.from(x, erf), 5e-7, `${variant} erf n=${n}`);
        const [de] = onHeap([x, dy], 1, ([xo, dyo, dxo]) => k.erfGrad(xo!, dyo!, dxo!, n));
        assertClose(de!, Float32Array.from(x, (v, i) => (dy[i]! * 2 * Math.exp(-v * v)) / Math.sqrt(Math.PI)), 5e-7, `${variant} erf grad n=${n}`);
      }
    });
  }

  for (const variant of VARIANTS) {
    it(`${variant}: column sums and BatchNorm gradient sums match float64 sums, any width`, () => {
      const k = simdKernels(backend(), variant)!;
      for (const [rows, cols] of [[1, 1], [5, 3], [33, 4], [7, 16], [9, 21], [3, 37], [40, 13], [2, 8]] as const) {
        const x = values([rows * cols], rows + cols);
        const dy = values([rows * cols], rows * cols);
        const mean = values([cols], cols);
        const sum = new Float64Array(cols);
        const s2 = new Float64Array(cols);
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            sum[c] = sum[c]! + x[r * cols + c]!;
            s2[c] = s2[c]! + dy[r * cols + c]! * (x[r * cols + c]! - mean[c]!);
          }
        }
        const [got] = onHeap([x], [cols], ([xo, oo]) => k.columnSums(xo!, oo!, rows, cols, 1 / rows));
        assertClose(got!, Float32Array.from(sum, (v) => v / rows), 1e-6, `${variant} column means ${rows}x${cols}`);
        const dySum = new Float64Array(cols);
        for (let i = 0; i < dy.length; i++) dySum[i % cols] = dySum[i % cols]! + dy[i]!;
        const [g1, g2] = onHeap([x, dy, mean], [cols, cols], ([xo, dyo, mo, o1, o2]) => k.batchNormSums(xo!, dyo!, mo!, o1!, o2!, rows, cols));
        assertClose(g1!, Float32Array.from(dySum), 1e-6, `${variant} sum dy ${rows}x${cols}`);
        assertClose(g2!, Float32Array.from(s2), 1e-6, `${variant} sum dy (x - mean) ${rows}x${cols}`);
      }
    });
  }

  // K past one 256-row block, M past one 72-row block with a partial 6-row tile, N with
  // 8-, 4- and 1-column edges, every transpose, a broadcast batch.
  const matmulCases: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
    { a: [1, 151, 600], b: [1, 600, 21], ta: false, tb: false },
    { a: [1, 600, 77], b: [1, 600, 16], ta: true, tb: false },
    { a: [1, 13, 9], b: [1, 30, 9], ta: false, tb: true },
    { a: [1, 7, 5], b: [1, 3, 7], ta: true, tb: true },
    { a: [1, 1, 1], b: [1, 1, 1], ta: false, tb: false },
  ];
  for (const variant of VARIANTS) {
    it(`${variant}: our GEMM gives matmul and its gradients equal to the cpu backend's, edges and transposes included`, async () => {
      forceSimdVariant(variant);
      process.env['SPIN_WASM_GEMM'] = 'simd';
      try {
        for (const c of matmulCases) {
          await sameOnBoth(`${variant} matmul ${JSON.stringify(c)}`,
            gradsOf((a, b) => tf.matMul(a, b, c.ta, c.tb), [c.a, c.b]), 1e-5);
        }
        // tfjs has no gradient for a broadcast batch: forward only.
        await sameOnBoth(`${variant} matmul, broadcast batch`, () =>
          tf.matMul(tf.tensor3d(values([3, 10, 6], 1), [3, 10, 6]), tf.tensor3d(values([1, 6, 9], 2), [1, 6, 9])), 1e-5);
      } finally {
        delete process.env['SPIN_WASM_GEMM'];
        forceSimdVariant(undefined);
      }
    });
  }

  for (const variant of VARIANTS) {
    it(`${variant}: the GEMM kernel matches float64 sums for A and A^T in memory`, () => {
      const k = simdKernels(backend(), variant)!;
      for (const [m, n, kk] of [[151, 21, 600], [6, 8, 1], [13, 16, 257]] as const) {
        const a = values([m * kk], m);
        const b = values([kk * n], n);
        const at = Float32Array.from({ length: m * kk }, (_, idx) => a[(idx % m) * kk + Math.floor(idx / m)]!); // [K, M]
        const expected = new Float32Array(m * n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < kk; p++) sum += a[i * kk + p]! * b[p * n + j]!;
            expected[i * n + j] = sum;
          }
        }
        const scratch = k.gemmScratchFloats(n);
        const [c1] = onHeap([a, b], [m * n, scratch], ([ao, bo, co, so]) => k.gemm(ao!, bo!, co!, m, n, kk, kk, 1, so!));
        assertClose(c1!, expected, 1e-5, `${variant} gemm ${m}x${n}x${kk}`);
        const [c2] = onHeap([at, b], [m * n, scratch], ([ao, bo, co, so]) => k.gemm(ao!, bo!, co!, m, n, kk, 1, m, so!));
        assertClose(c2!, expected, 1e-5, `${variant} gemm A^T ${m}x${n}x${kk}`);
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
