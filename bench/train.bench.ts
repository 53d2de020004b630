/**
 * Training throughput: images/s of ConvMixer-128/8 (kernel 5, patch 2) on 28x28x1 inputs,
 * 10 classes, batch 64, full training step (forward, backward, Adam update), for each
 * available backend in one worker thread and in one worker per core (aggregate).
 *
 *   npm run bench:train [-- --json] [-- --steps 5 --warmup 2 --backend wasm]
 *   npm run bench:train -- --profile [--backend wasm]   (CPU ms per kernel per step)
 *
 * The pure-JS cpu backend needs minutes per batch-64 step of this model, so it is measured
 * on one timed step of a smaller batch (its cost per image does not depend on the batch);
 * the output says so.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import type { ArchSpec } from '../src/arch/types.js';
import { availableBackends } from '../src/backend/index.js';
import type { BackendName } from '../src/train/types.js';
import { timePool } from './train-pool.js';
import type { StepPlan } from './train-step.js';

export interface TrainBenchRow {
  backend: BackendName;
  workers: number;
  imagesPerSecond: number;
  /** Images per second of process CPU time: robust to other load on the machine. */
  imagesPerCpuSecond: number;
  batch: number;
  stepsPerWorker: number[];
  seconds: number;
  loadAverage: number;
  note?: string;
}

const ARCH: ArchSpec = {
  family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 128, depth: 8, patch: 2, kernel: 5,
  pointwiseResidual: false, sharing: { assignment: {}, sets: {} }, init: 'scratch',
  hash: '', parentHash: '', label: 'ConvMixer-128/8 k5 p2',
};

/** PyTorch 1.13 CPU training of the same model on a 2-core machine, as quoted in issue 6. */
const PYTORCH_REFERENCE = { oneThread: 65, twoThreads: 100 };

function plans(backend: BackendName, steps: number, warmup: number): { plan: StepPlan; note?: string } {
  if (backend === 'cpu') {
    return {
      plan: { backend, arch: ARCH, batch: 8, warmupSteps: 0, steps: 1, timeBoxSeconds: 0 },
      note: 'time-boxed: 1 step of batch 8, no warm-up (the cpu backend needs minutes per batch-64 step)',
    };
  }
  return { plan: { backend, arch: ARCH, batch: 64, warmupSteps: warmup, steps, timeBoxSeconds: 120 } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      steps: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2' },
      backend: { type: 'string', multiple: true },
      profile: { type: 'boolean', default: false },
    },
  });
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive integer, got "${values.steps}"`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup must be a non-negative integer, got "${values.warmup}"`);
  const cores = availableParallelism();
  const available = availableBackends();
  for (const b of values.backend ?? []) {
    if (!(available as string[]).includes(b)) throw new Error(`--backend ${b} is not available here; choose from ${available.join(', ')}`);
  }
  const backends = available.filter((b) => values.backend === undefined || values.backend.includes(b));
  if (values.profile) {
    await profile(backends.includes('wasm') ? 'wasm' : backends[0]!, steps, warmup, values.json);
    return;
  }
  const rows: TrainBenchRow[] = [];
  for (const backend of backends) {
    const { plan, note } = plans(backend, steps, warmup);
    // Native addons load in one thread per process only: no in-process pool for them.
    const sizes = backend === 'wasm' || backend === 'cpu' ? [1, cores] : [1];
    for (const workers of [...new Set(sizes)]) {
      if (!values.json) process.stderr.write(`measuring ${backend} x${workers}...\n`);
      const t = await timePool(plan, workers);
      rows.push({
        backend, workers, imagesPerSecond: t.imagesPerSecond, imagesPerCpuSecond: t.images / t.cpuSeconds,
        batch: plan.batch, stepsPerWorker: t.stepsPerWorker,
        seconds: t.seconds, loadAverage: loadavg()[0]!, ...(note ? { note } : {}),
      });
    }
  }
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const table = new Table({ head: ['backend', 'workers', 'images/s', 'images/CPU-s', 'batch', 'timed steps/worker', 'seconds', 'load (1 min)'],
    style: { compact: true },
  });
  const fmt = (v: number): string => v.toFixed(v < 1 ? 3 : 1);
  for (const r of rows) {
    table.push([r.backend, r.workers, fmt(r.imagesPerSecond), fmt(r.imagesPerCpuSecond), r.batch,
      r.stepsPerWorker.join(', '), r.seconds.toFixed(1), r.loadAverage.toFixed(2)]);
  }
  console.log(`Training throughput, ${ARCH.label}, ${ARCH.inputShape.join('x')} inputs, ${ARCH.classes} classes, Adam (${cores} cores)`);
  console.log(table.toString());
  for (const r of rows) if (r.note) console.log(`${r.backend} x${r.workers}: ${r.note}`);
  console.log('images/CPU-s: images per second of this process\'s CPU time, a figure that holds when other work shares the cores.');
  console.log(
    `Reference, PyTorch 1.13 CPU (issue 6): ~${PYTORCH_REFERENCE.oneThread} images/s with 1 thread, ~${PYTORCH_REFERENCE.twoThreads} with 2; ` +
      'measure it here with `python3 bench/pytorch/convmixer_train.py` (needs python3-torch).',
  );
  const rate = (b: BackendName, workers: number) => rows.find((r) => r.backend === b && r.workers === workers)?.imagesPerSecond;
  const wasmPool = rate('wasm', cores);
  if (wasmPool !== undefined) {
    const share = (100 * wasmPool) / PYTORCH_REFERENCE.twoThreads;
    console.log(`wasm pool vs PyTorch 2 threads (reference): ${share.toFixed(0)}% (target >= 50%, stretch 100%)`);
    const cpuPool = rate('cpu', cores);
    if (cpuPool !== undefined) console.log(`wasm pool vs cpu pool: ${(wasmPool / cpuPool).toFixed(0)}x (target >= 30x)`);
  }
}

async function profile(backend: BackendName, steps: number, warmup: number, json: boolean): Promise<void> {
  const { plan } = plans(backend, steps, warmup);
  const t = await timePool({ ...plan, profile: true }, 1);
  const kernels = t.timings[0]!.kernels!;
  if (json) {
    console.log(JSON.stringify({ backend, batch: plan.batch, depth: ARCH.depth, loadAverage: loadavg()[0], kernels }, null, 2));
    return;
  }
  const timed = t.timings[0]!;
  const stepMs = (1000 * t.seconds) / timed.steps;
  const stepCpuMs = timed.cpuMs / timed.steps;
  const cpuMs = kernels.reduce((sum, k) => sum + k.cpuMsPerStep, 0);
  const table = new Table({ head: ['kernel', 'calls/step', 'CPU ms/step', 'per block (/depth)', 'wall ms/step', 'share of CPU'], style: { compact: true } });
  for (const k of kernels.filter((k) => k.cpuMsPerStep >= 0.5)) {
    table.push([k.kernel, k.callsPerStep.toFixed(0), k.cpuMsPerStep.toFixed(1), (k.cpuMsPerStep / ARCH.depth).toFixed(1),
      k.wallMsPerStep.toFixed(1), `${((100 * k.cpuMsPerStep) / cpuMs).toFixed(1)}%`]);
  }
  console.log(`Kernel profile, ${backend}, ${ARCH.label}, batch ${plan.batch}, ${t.stepsPerWorker[0]} step(s), load ${loadavg()[0]!.toFixed(2)}`);
  console.log(table.toString());
  console.log(
    `step: ${stepCpuMs.toFixed(0)} CPU ms (${((plan.batch * 1000) / stepCpuMs).toFixed(1)} images per CPU-second), ` +
      `${stepMs.toFixed(0)} wall ms; kernels ${cpuMs.toFixed(0)} CPU ms, the rest is tfjs engine and optimizer bookkeeping`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
