/**
 * Training throughput: images/s of ConvMixer-128/8 (kernel 5, patch 2) on 28x28x1 inputs,
 * 10 classes, batch 64, full training step (forward, backward, Adam update), for each
 * available backend in one worker thread and in one worker per core (aggregate).
 *
 *   npm run bench:train [-- --json] [-- --steps 5 --warmup 2 --reps 3 --backend wasm --no-peer]
 *   npm run bench:train -- --backend native --backend wasm --model convmixer --model vit --workers 1 --workers 2
 *   npm run bench:train -- --profile [--backend wasm] [--vit]   (CPU ms per kernel per step)
 *
 * Each wasm configuration runs --reps times, each run followed by the PyTorch peer
 * (pytorch-peer.ts) with threads = workers where python3 imports torch; the rows give
 * medians and the ratio, per wall second and per CPU second (the latter holds when other
 * work shares the cores). ViT-64/6 p4 is measured too, against its PyTorch peer
 * (bench/pytorch/vit_train.py, parameter count checked equal to ours), then one profiled
 * run gives CPU ms per kernel per step, and each row the peak RSS and wasm heap growth.
 *
 * Each row also gives GFLOP/s per core: training FLOPs per image (3 x the cost model's
 * forward FLOPs: forward, input gradient, weight gradient) x images/s / cores in use, next to
 * the core's FP32 FMA peak estimated from lscpu (cpu-peak.ts says how). The PyTorch peers
 * time both memory formats; the faster one is compared against (the table names it).
 *
 * The pure-JS cpu backend needs minutes per batch-64 step of this model, so it is measured
 * on one timed step of a smaller batch (its cost per image does not depend on the batch);
 * the output says so. So is webgpu on a software adapter (SwiftShader: one worker,
 * ConvMixer only), which runs only when asked for (--backend webgpu); on a GPU, webgpu runs with the others, x1 and x2
 * workers (one Dawn device each), each row naming the adapter, with no PyTorch peer
 * (Debian's PyTorch has no GPU).
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../src/arch/types.js';
import { costOf } from '../src/arch/index.js';
import { availableBackends } from '../src/backend/index.js';
import { probeWebgpu, webgpuUsableByAuto } from '../src/backend/webgpu/index.js';
import { buildModel } from '../src/train/index.js';
import type { BackendName } from '../src/train/types.js';
import { corePeak } from './cpu-peak.js';
import { runTorch, torchVersion } from './pytorch-peer.js';
import type { TorchRun } from './pytorch-peer.js';
import { timePool } from './train-pool.js';
import type { PoolTiming } from './train-pool.js';
import type { KernelCost } from './train-profile.js';
import { printProfile, printRows } from './train-report.js';
import type { StepPlan } from './train-step.js';

export interface TrainBenchRow {
  backend: BackendName;
  model: string;
  workers: number;
  /** Medians over the repetitions. */
  imagesPerSecond: number;
  /** Images per second of process CPU time: robust to other load on the machine. */
  imagesPerCpuSecond: number;
  batch: number;
  repetitions: number;
  stepsPerWorker: number[];
  seconds: number;
  loadAverage: number;
  /** Peak resident set of the process (its workers are threads: shared). */
  peakRssMb: number;
  /** Largest growth of a worker's wasm heap over its timed steps (0: it does not grow). */
  heapGrowthBytes?: number;
  /** Training GFLOP/s per core in use: 3 x forward FLOPs per image x images/s / workers. */
  gflopsPerCore: number;
  /**
   * The PyTorch peer with threads = workers, medians of as many runs, interleaved with ours;
   * its faster memory format (by the median images/s of each), and both formats' medians.
   */
  pytorch?: {
    version: string; imagesPerSecond: number; imagesPerCpuSecond: number; ratio: number; ratioPerCpuSecond: number;
    format: string; byFormat: Record<string, number>; gflopsPerCore: number;
  };
  note?: string;
}

const ARCH: ArchSpec = {
  family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 128, depth: 8, patch: 2, kernel: 5,
  pointwiseResidual: false, sharing: { assignment: {}, sets: {} }, init: 'scratch',
  hash: '', parentHash: '', label: 'ConvMixer-128/8 k5 p2',
};

const VIT: ArchSpec = {
  family: 'vit', inputShape: [28, 28, 1], classes: 10, width: 64, depth: 6, patch: 4, heads: 4, mlpRatio: 2,
  sharing: { assignment: {}, sets: {} }, init: 'scratch', hash: '', parentHash: '', label: 'ViT-64/6 p4 h4 mlp2',
};

/** webgpu on SwiftShader or another CPU adapter: measured like cpu, on a small time-boxed plan. */
const softwareWebgpu = (backend: BackendName): boolean => {
  if (backend !== 'webgpu') return false;
  const probe = probeWebgpu();
  return probe.kind === 'adapter' && probe.software;
};

function plans(backend: BackendName, arch: ArchSpec, steps: number, warmup: number): { plan: StepPlan; note?: string } {
  if (softwareWebgpu(backend)) {
    return {
      plan: { backend, arch, batch: 4, warmupSteps: 1, steps: 1, timeBoxSeconds: 0 },
      note: 'software adapter: 1 warm-up and 1 timed step of batch 4, x1 only, no ViT (not a GPU figure)',
    };
  }
  if (backend === 'cpu') {
    return {
      plan: { backend, arch, batch: 8, warmupSteps: 0, steps: 1, timeBoxSeconds: 0 },
      note: 'time-boxed: 1 step of batch 8, no warm-up (the cpu backend needs minutes per batch-64 step)',
    };
  }
  return { plan: { backend, arch, batch: 64, warmupSteps: warmup, steps, timeBoxSeconds: 120 } };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Our model's trainable parameters, built on the cpu backend of this (the pool's main) thread. */
async function trainableParams(arch: ArchSpec): Promise<number> {
  await tf.setBackend('cpu');
  const built = buildModel(arch, { seed: 1 });
  built.model.dispose();
  return built.trainableParams;
}

/** A peer run whose model must have our parameter count (where its script reports one). */
function checkedPeer(arch: ArchSpec, ours: number, run: TorchRun): TorchRun {
  if (run.params !== undefined && run.params !== ours) {
    throw new Error(`PyTorch peer of ${arch.label} has ${run.params} parameters, ours ${ours}: the models differ`);
  }
  return run;
}

/** Training GFLOP/s per core: 3 x the cost model's forward FLOPs per image x images/s / cores. */
function gflops(arch: ArchSpec, imagesPerSecond: number, cores: number): number {
  return (3 * costOf(arch).flops * imagesPerSecond) / cores / 1e9;
}

interface MeasureOptions { reps: number; steps: number; warmup: number; torch?: string; log: (line: string) => void }

/** `reps` pool runs of `arch` on `backend` (each followed by a PyTorch run where it has a peer), medians. */
async function measure(backend: BackendName, arch: ArchSpec, workers: number, o: MeasureOptions): Promise<TrainBenchRow> {
  const { plan, note } = plans(backend, arch, o.steps, o.warmup);
  const reps = backend === 'cpu' ? 1 : o.reps;
  const withPeer = o.torch !== undefined && backend !== 'cpu' && backend !== 'webgpu';
  const peer = arch.family === 'vit' ? 'vit' : 'convmixer';
  const ourParams = withPeer ? await trainableParams(arch) : 0;
  const ours: PoolTiming[] = [];
  const torch: TorchRun[] = [];
  for (let r = 0; r < reps; r++) {
    o.log(`measuring ${arch.label} on ${backend} x${workers}, repetition ${r + 1}/${reps}...`);
    ours.push(await timePool(plan, workers));
    if (withPeer) torch.push(checkedPeer(arch, ourParams, runTorch(workers, o.steps, o.warmup, plan.batch, peer)));
  }
  const ips = median(ours.map((t) => t.imagesPerSecond));
  const ipc = median(ours.map((t) => t.images / t.cpuSeconds));
  const growth = ours.flatMap((t) => t.timings.map((w) => (w.heapBytes ? w.heapBytes.atEnd - w.heapBytes.afterWarmup : 0)));
  const row: TrainBenchRow = {
    backend, model: arch.label, workers, imagesPerSecond: ips, imagesPerCpuSecond: ipc, batch: plan.batch, repetitions: reps,
    stepsPerWorker: ours[0]!.stepsPerWorker, seconds: median(ours.map((t) => t.seconds)), loadAverage: loadavg()[0]!,
    peakRssMb: Math.max(...ours.flatMap((t) => t.timings.map((w) => w.peakRssMb))),
    gflopsPerCore: gflops(arch, ips, workers),
    ...(backend === 'wasm' || backend === 'native' ? { heapGrowthBytes: Math.max(...growth) } : {}),
    ...(note ? { note } : {}),
  };
  const adapter = ours[0]!.timings[0]!.adapter;
  if (adapter !== undefined) row.note = [`adapter ${adapter}`, row.note].filter((n) => n !== undefined).join('; ');
  if (withPeer) {
    const formats = [...new Set(torch.flatMap((t) => Object.keys(t.byFormat)))] as Array<keyof TorchRun['byFormat']>;
    const byFormat = Object.fromEntries(formats.map((f) => [f, median(torch.map((t) => t.byFormat[f] ?? 0))]));
    const format = formats.reduce((best, f) => (byFormat[f]! > byFormat[best]! ? f : best));
    const runs = torch.filter((t) => t.format === format);
    const tIps = byFormat[format]!;
    const tIpc = median((runs.length > 0 ? runs : torch).map((t) => t.imagesPerCpuSecond));
    row.pytorch = {
      version: o.torch!, imagesPerSecond: tIps, imagesPerCpuSecond: tIpc, ratio: ips / tIps, ratioPerCpuSecond: ipc / tIpc,
      format, byFormat, gflopsPerCore: gflops(arch, tIps, workers),
    };
  }
  return row;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      steps: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2' },
      reps: { type: 'string', default: '3' },
      backend: { type: 'string', multiple: true },
      profile: { type: 'boolean', default: false },
      vit: { type: 'boolean', default: false },
      'no-peer': { type: 'boolean', default: false },
      model: { type: 'string', multiple: true },
      workers: { type: 'string', multiple: true },
    },
  });
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  const reps = Number(values.reps);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive integer, got "${values.steps}"`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup must be a non-negative integer, got "${values.warmup}"`);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got "${values.reps}"`);
  const cores = availableParallelism();
  const available = availableBackends();
  for (const b of values.backend ?? []) {
    if (!(available as string[]).includes(b)) throw new Error(`--backend ${b} is not available here; choose from ${available.join(', ')}`);
  }
  // webgpu on a software adapter only when asked for: it is a test path, not a training one.
  const backends = available.filter((b) => (values.backend === undefined ? b !== 'webgpu' || webgpuUsableByAuto() : values.backend.includes(b)));
  const models = values.model ?? ['convmixer', 'vit'];
  for (const m of models) if (m !== 'convmixer' && m !== 'vit') throw new Error(`--model must be convmixer or vit, got "${m}"`);
  const workerCounts = values.workers?.map(Number);
  for (const w of workerCounts ?? []) if (!Number.isInteger(w) || w < 1) throw new Error(`--workers must be a positive integer, got "${w}"`);
  if (values.profile) {
    await profile(backends.includes('wasm') && values.backend === undefined ? 'wasm' : backends[0]!, values.vit ? VIT : ARCH, steps, warmup, values.json);
    return;
  }
  const torch = values['no-peer'] ? undefined : torchVersion();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (!values['no-peer'] && !torch) log('PyTorch peer skipped: /usr/bin/python3 cannot import torch (Debian: python3-torch).');
  const o: MeasureOptions = { reps, steps, warmup, log, ...(torch ? { torch } : {}) };
  const rows: TrainBenchRow[] = [];
  // Model by model, each backend next to the other (native, wasm, webgpu) and to PyTorch.
  for (const model of models) {
    for (const backend of backends) {
      // tfjs-node addons load in one thread per process only: no in-process pool for them.
      const pooled = backend === 'native' || backend === 'wasm' || backend === 'cpu';
      const software = softwareWebgpu(backend);
      if (model === 'vit' && !(backend === 'native' || backend === 'wasm' || (backend === 'webgpu' && !software))) continue;
      // webgpu on a software adapter: one worker only (a small time-boxed plan).
      const sizes = software ? [1] : workerCounts ?? (pooled ? [1, cores] : backend === 'webgpu' ? [1, 2] : [1]);
      for (const workers of [...new Set(sizes)]) rows.push(await measure(backend, model === 'vit' ? VIT : ARCH, workers, o));
    }
  }
  const profiledOn = backends.includes('native') ? 'native' : backends.includes('wasm') ? 'wasm' : undefined;
  const kernels = profiledOn && models.includes('convmixer') && values.workers === undefined ? (await profiled(profiledOn, ARCH, steps, warmup)).kernels : undefined;
  const peak = corePeak();
  if (values.json) {
    console.log(JSON.stringify({ cores, peak, rows, ...(kernels ? { profile: { model: ARCH.label, backend: profiledOn, kernels } } : {}) }, null, 2));
    return;
  }
  printRows(rows, cores, peak);
  if (kernels) printProfile(kernels, `Kernel profile, ${profiledOn} x1, ${ARCH.label} (CPU ms per training step)`);
}

async function profiled(backend: BackendName, arch: ArchSpec, steps: number, warmup: number): Promise<{ kernels: KernelCost[]; timing: PoolTiming; batch: number }> {
  const { plan } = plans(backend, arch, steps, warmup);
  const timing = await timePool({ ...plan, profile: true }, 1);
  return { kernels: timing.timings[0]!.kernels!, timing, batch: plan.batch };
}

async function profile(backend: BackendName, arch: ArchSpec, steps: number, warmup: number, json: boolean): Promise<void> {
  const { kernels, timing, batch } = await profiled(backend, arch, steps, warmup);
  if (json) {
    console.log(JSON.stringify({ backend, model: arch.label, batch, depth: arch.depth, loadAverage: loadavg()[0], kernels }, null, 2));
    return;
  }
  const timed = timing.timings[0]!;
  const stepMs = (1000 * timing.seconds) / timed.steps;
  const stepCpuMs = timed.cpuMs / timed.steps;
  const cpuMs = kernels.reduce((sum, k) => sum + k.cpuMsPerStep, 0);
  printProfile(kernels, `Kernel profile, ${backend}, ${arch.label}, batch ${batch}, ${timed.steps} step(s), load ${loadavg()[0]!.toFixed(2)}`, arch.depth);
  console.log(
    `step: ${stepCpuMs.toFixed(0)} CPU ms (${((batch * 1000) / stepCpuMs).toFixed(1)} images per CPU-second), ` +
      `${stepMs.toFixed(0)} wall ms; kernels ${cpuMs.toFixed(0)} CPU ms, the rest is tfjs engine and optimizer bookkeeping`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
