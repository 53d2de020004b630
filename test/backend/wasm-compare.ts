/** Helpers for the wasm kernel tests: run the same computation on cpu and wasm, compare. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmKernels } from '../../src/backend/wasm/index.js';

export type Backend = 'cpu' | 'wasm';

/** Installs the project's wasm kernels (and gradients, which apply on every backend). */
export async function setUp(): Promise<void> {
  installWasmKernels();
  assert.ok(await tf.setBackend('wasm'), 'the wasm backend must initialise');
  assert.ok(await tf.setBackend('cpu'), 'the cpu backend must initialise');
}

/** Deterministic values in [-1, 1) (a small LCG), different for each seed. */
export function values(shape: number[], seed: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `fn` on `backend` and returns its outputs as plain arrays. */
export async function run(backend: Backend, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const list = Array.isArray(outs) ? outs : [outs];
  const data = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  return data;
}

/** Runs `fn` on cpu and on wasm; asserts every output agrees within `tol` (relative to the largest value). */
export async function sameOnBoth(label: string, fn: () => tf.Tensor | tf.Tensor[], tol = 1e-5): Promise<void> {
  const expected = await run('cpu', fn);
  const actual = await run('wasm', fn);
  assert.equal(actual.length, expected.length, `${label}: output count`);
  expected.forEach((e, i) => assertClose(actual[i]!, e, tol, `${label} output ${i}`));
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= tol * scale)) {
      assert.fail(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]} (|diff| ${diff} > ${tol} x ${scale})`);
    }
  }
}

/** Gradients of sum(f(inputs) * r) for a fixed random r: exercises every input gradient. */
export function gradsOf(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  shapes: number[][],
  seed = 1,
): () => tf.Tensor[] {
  return () => {
    const inputs = shapes.map((s, i) => tf.tensor(values(s, seed + i), s));
    const out = f(...inputs);
    const r = tf.tensor(values(out.shape, seed + 99), out.shape);
    const g = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), r)));
    return [out, ...g(inputs)];
  };
}
