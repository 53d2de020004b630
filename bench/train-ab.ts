/**
 * Before/after of the SIMD kernel module on one training step, robust to a busy machine:
 * one process, one model per mode (same seed), steps alternating between the modes, CPU
 * time per step, medians. Modes: off (SPIN_WASM_SIMD=off: the JS kernels and stock
 * BatchNorm), on (the SIMD kernels and fused bias + GELU + BatchNorm blocks), unfused (the
 * SIMD kernels with SPIN_WASM_FUSED_BN=off: bias, GELU and BatchNorm as separate kernels).
 *
 *   npm run build && node dist/bench/train-ab.js [--rounds 4] [--modes off,on,unfused]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../src/arch/types.js';
import { initBackend } from '../src/backend/index.js';
import { buildModel } from '../src/train/index.js';

const ARCH: ArchSpec = {
  family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 128, depth: 8, patch: 2, kernel: 5,
  pointwiseResidual: false, sharing: { assignment: {}, sets: {} }, init: 'scratch',
  hash: '', parentHash: '', label: 'ConvMixer-128/8 k5 p2',
};
const BATCH = 64;
const MODE_ENV: Record<string, Record<string, string>> = {
  off: { SPIN_WASM_SIMD: 'off' },
  on: {},
  unfused: { SPIN_WASM_FUSED_BN: 'off' },
};

/** Sets the environment of `mode` (read when a model is built and by every kernel call). */
function enter(mode: string): void {
  for (const name of ['SPIN_WASM_SIMD', 'SPIN_WASM_FUSED_BN']) delete process.env[name];
  Object.assign(process.env, MODE_ENV[mode]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '4' }, modes: { type: 'string', default: 'off,on' } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got "${values.rounds}"`);
  const modes = values.modes.split(',');
  const unknown = modes.filter((m) => !(m in MODE_ENV));
  if (unknown.length > 0) throw new Error(`--modes: unknown mode ${unknown.join(', ')}; use ${Object.keys(MODE_ENV).join(', ')}`);
  await initBackend('wasm');
  const models = new Map(modes.map((mode) => {
    enter(mode);
    const { model } = buildModel(ARCH, { seed: 1 });
    return [mode, { model, optimizer: tf.train.adam(1e-3), variables: model.trainableWeights.map((v) => v.read() as tf.Variable) }];
  }));
  const xs = tf.randomNormal([BATCH, ...ARCH.inputShape], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform<tf.Rank.R1>([BATCH], 0, ARCH.classes, 'int32', 2), ARCH.classes);
  const step = async (mode: string): Promise<void> => {
    const { model, optimizer, variables } = models.get(mode)!;
    const loss = tf.tidy(() => optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(ys, model.apply(xs, { training: true }) as tf.Tensor), true, variables)!);
    await loss.data();
    loss.dispose();
  };
  const cpu = new Map(modes.map((m) => [m, [] as number[]]));
  for (let r = -1; r < rounds; r++) {
    for (const mode of modes) {
      enter(mode);
      const c0 = process.cpuUsage();
      await step(mode);
      const c = process.cpuUsage(c0);
      if (r >= 0) cpu.get(mode)!.push((c.user + c.system) / 1000); // round -1 warms up
    }
  }
  for (const [mode, ms] of cpu) {
    const med = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
    console.log(`${mode}: median ${med.toFixed(0)} CPU ms per step, ${((BATCH * 1000) / med).toFixed(1)} images per CPU-second (steps: ${ms.map((v) => v.toFixed(0)).join(', ')})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
