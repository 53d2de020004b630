/**
 * The project's gradients are registered globally (tfjs keys them by kernel name only), so
 * once a thread has loaded the wasm kernels they apply under webgpu too. They are plain tf
 * ops there (the fused kernels they call on wasm exist for wasm only): checked here on webgpu
 * against formulations that do not use them, computed on cpu.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { SPIN_GELU } from '../../src/backend/wasm/gelu.js';
import { webgpuMissing } from '../helpers.js';
import { assertClose, gradsOf, values } from './wasm-compare.js';

/** Runs `fn` on `backend`, reading its outputs asynchronously (webgpu has no sync read in Node). */
async function run(backend: 'cpu' | 'webgpu', fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(backend);
  const outs = tf.tidy(fn);
  const data = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(outs);
  return data;
}

function referenceBatchNorm(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, offset: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-3))), scale), offset);
}

const byConcat = (x: tf.Tensor, reps: number[]): tf.Tensor => reps.reduce((t, r, axis) => tf.concat(Array.from({ length: r }, () => t), axis), x);

describe('the project gradients on webgpu', { skip: webgpuMissing() }, () => {
  before(async () => {
    await initBackend('wasm'); // registers the gradients, as a worker that trained on wasm has
    assert.ok(tf.getGradient('FusedBatchNorm') && tf.getGradient('Tile') && tf.getGradient(SPIN_GELU));
    assert.equal(tf.getKernel(SPIN_GELU, 'webgpu'), undefined, 'the fused kernels exist for wasm only');
  });

  it('gives batchNorm gradients (x, mean, variance, offset, scale) equal to an elementary-op formulation', async () => {
    const shapes = [[3, 4, 5, 6], [6], [6], [6], [6]];
    const make = (fn: typeof referenceBatchNorm) => gradsOf((x, m, v, o, s) => fn(x, m, tf.add(tf.abs(v), 0.1), o, s), shapes);
    const expected = await run('cpu', make(referenceBatchNorm));
    const actual = await run('webgpu', make((x, m, v, o, s) => tf.batchNorm(x, m, v, o, s, 1e-3)));
    expected.forEach((e, i) => assertClose(actual[i]!, e, 2e-5, `batchNorm output ${i}`));
  });

  it('gives sum, mean and tile gradients equal to broadcasting and to concatenation', async () => {
    // d/dx sum(sum(x, [0, 1]) * r) = r broadcast over [2, 3]; gradsOf's cotangent r has seed 1 + 99.
    const r = values([4], 100);
    const broadcast = Float32Array.from({ length: 24 }, (_, i) => r[i % 4]!);
    const [byConcatGrad] = await run('cpu', () => gradsOf((x) => byConcat(x, [3, 1, 2]), [[2, 3, 4]])().slice(1));
    const [sum, tile, mean] = await run('webgpu', () => [
      ...gradsOf((x) => tf.sum(x, [0, 1]), [[2, 3, 4]])().slice(1),
      ...gradsOf((x) => tf.tile(x, [3, 1, 2]), [[2, 3, 4]])().slice(1),
      ...gradsOf((x) => tf.mean(x, [0, 1]), [[2, 3, 4]])().slice(1),
    ]);
    assertClose(sum!, broadcast, 1e-6, 'sum gradient');
    assertClose(mean!, broadcast.map((v) => v / 6), 1e-6, 'mean gradient');
    assertClose(tile!, byConcatGrad!, 1e-6, 'tile gradient');
  });

  it('gives the erf gradient 2/sqrt(pi) exp(-x^2)', async () => {
    const [, g] = await run('webgpu', gradsOf((x) => tf.erf(x), [[40]]));
    // gradsOf's input (seed 1) and cotangent (seed 1 + 99).
    const x = values([40], 1);
    const r = values([40], 100);
    assertClose(g!, x.map((v, i) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v) * r[i]!), 1e-5, 'erf gradient');
  });
});
