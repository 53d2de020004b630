/**
 * Training on webgpu (Dawn; SwiftShader in CI) equals training on cpu: the project's own
 * models, with weight sharing and each fusion reduction, for a few Adam steps from the same
 * weights on the same batches. The project's global gradients (installed with the wasm
 * kernels) are in effect on both sides, as they are in a worker that has loaded wasm.
 *
 * Tolerances: the loss of each of 3 steps within 2e-5 (relative to 1), and the trained
 * model's logits on another batch within 1e-4 of the largest logit. Measured on SwiftShader:
 * losses within 2.4e-7, logits within 3.3e-7; the margin is for real GPUs (other reduction
 * orders, fused multiply-adds). Weights are not compared
 * one by one: a parameter whose true gradient is zero (an attention key bias, which the
 * softmax ignores) gets float32 rounding noise as gradient, which Adam normalises into
 * steps of up to the learning rate in either direction on each backend (seen: 1.7e-4 apart)
 * while the function the model computes stays the same.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import type { ArchSpec } from '../../src/arch/types.js';
import type { Reduction } from '../../src/space/types.js';
import { buildModel, initFromParent, makeAdam, trainingLoss } from '../../src/train/index.js';
import { convMixer, sequential, vit } from '../train/archs.js';
import { webgpuMissing } from '../helpers.js';
import { assertClose, values } from './wasm-compare.js';

const STEPS = 3;
const BATCH = 4;

interface Trained {
  losses: number[];
  logits: Float32Array;
}

/** STEPS Adam steps of `arch` (initialised from an unshared parent when it is fused) on `backend`. */
async function trainOn(backend: 'cpu' | 'webgpu', arch: ArchSpec): Promise<Trained> {
  await initBackend(backend);
  const before = tf.memory().numTensors;
  const built = buildModel(arch, { seed: 2 });
  if (arch.init !== 'scratch') {
    const parent = buildModel({ ...arch, init: 'scratch', sharing: { assignment: {}, sets: {} } }, { seed: 1 });
    initFromParent(built, parent);
    parent.model.dispose();
  }
  const optimizer = makeAdam(0.01);
  const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const loss = tf.tidy(() => {
      const xs = tf.tensor4d(values([BATCH, 28, 28, 1], 10 + step), [BATCH, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d([step, 3, 7, 9], 'int32'), 10);
      return optimizer.minimize(() => trainingLoss(ys, built.model.apply(xs, { training: true }) as tf.Tensor), true, variables)!;
    });
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  const out = tf.tidy(() => built.model.apply(tf.tensor4d(values([BATCH, 28, 28, 1], 99), [BATCH, 28, 28, 1]), { training: true }) as tf.Tensor);
  const logits = Float32Array.from(await out.data());
  out.dispose();
  optimizer.dispose();
  built.model.dispose();
  assert.equal(tf.memory().numTensors, before, `no tensor outlives the training on ${backend}`);
  return { losses, logits };
}

const cases: [string, ArchSpec][] = [
  ['ConvMixer, depthwise and pointwise shared, mean', convMixer({ depth: 2, patch: 7, depthwise: [0, 0], pointwise: [0, 0], init: 'mean' })],
  ['ConvMixer, pointwise shared, choose_first', convMixer({ depth: 2, patch: 7, pointwise: [0, 0], init: 'choose_first' })],
  ['ConvMixer, pointwise shared, channel_weighted_mean', convMixer({ depth: 2, patch: 7, pointwise: [0, 0], init: 'channel_weighted_mean' })],
  ['ViT, attention and MLP shared (r=2), scalar_weighted_mean', vit({ depth: 2, attention: sequential(2, 2), mlp: [0, 0], init: 'scalar_weighted_mean' })],
];

describe('training on webgpu equals training on cpu', { skip: webgpuMissing() }, () => {
  before(async () => {
    // The project's gradients (registered globally with the wasm kernels) then hold for both.
    await initBackend('wasm');
  });

  it('covers each fusion reduction', () => {
    const reductions = new Set(cases.map(([, arch]) => arch.init));
    for (const r of ['mean', 'choose_first', 'channel_weighted_mean', 'scalar_weighted_mean'] satisfies Reduction[]) assert.ok(reductions.has(r), r);
  });

  for (const [label, arch] of cases) {
    it(`${label}: ${STEPS} Adam steps`, async (t) => {
      const cpu = await trainOn('cpu', arch);
      const gpu = await trainOn('webgpu', arch);
      assertClose(gpu.losses, cpu.losses, 2e-5, `${label}: losses`);
      assert.ok(cpu.losses.every(Number.isFinite) && cpu.losses[0] !== cpu.losses.at(-1), 'the model trains');
      assertClose(gpu.logits, cpu.logits, 1e-4, `${label}: logits of the trained model`);
      const largest = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a, (v, i) => Math.abs(v - b[i]!)).reduce((m, d) => Math.max(m, d), 0);
      t.diagnostic(`largest differences: loss ${largest(gpu.losses, cpu.losses).toExponential(1)}, logit ${largest(gpu.logits, cpu.logits).toExponential(1)}`);
    });
  }
});
