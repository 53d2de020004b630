/**
 * One benchmark measurement, run inside a worker thread: build the model, warm up, wait
 * at the barrier for the other workers, then time full training steps (forward, backward,
 * Adam update) exactly as the trainer runs them.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../src/arch/types.js';
import { initBackend } from '../src/backend/index.js';
import { describeAdapter, isSoftwareAdapter, webgpuAdapter } from '../src/backend/webgpu/index.js';
import type { BackendName } from '../src/train/types.js';
import { buildModel, makeAdam, trainingLoss } from '../src/train/index.js';
import { KernelProfiler } from './train-profile.js';
import type { KernelCost } from './train-profile.js';

export interface StepPlan {
  backend: BackendName;
  arch: ArchSpec;
  batch: number;
  warmupSteps: number;
  /** Timed steps; fewer when `timeBoxSeconds` runs out (at least one is always timed). */
  steps: number;
  timeBoxSeconds: number;
  /** Also time every kernel of the timed steps (slows them a little). */
  profile?: boolean;
}

export interface StepTiming {
  backend: BackendName;
  steps: number;
  images: number;
  /** Absolute times (ms since the epoch, sub-ms resolution) of the timed window. */
  start: number;
  end: number;
  /** Process CPU time over the timed window (all threads: meaningful for one worker). */
  cpuMs: number;
  /** The backend's wasm heap after warm-up and after the timed steps (wasm only): it must not grow. */
  heapBytes?: { afterWarmup: number; atEnd: number };
  /** Peak resident set of the process so far (all workers: they are threads of one process). */
  peakRssMb: number;
  kernels?: KernelCost[];
  /** webgpu: the adapter trained on ("NVIDIA ... (nvidia ...)", "SwiftShader ... (software)"). */
  adapter?: string;
}

/** The wasm backend's heap size (one per worker thread), or undefined on other backends. */
function wasmHeapBytes(): number | undefined {
  const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
  return wasm?.HEAPU8?.buffer.byteLength;
}

const now = (): number => performance.timeOrigin + performance.now();

/** Runs `plan`; `barrier` is called after warm-up and resolves when every worker is ready. */
export async function timeTraining(plan: StepPlan, barrier: () => void): Promise<StepTiming> {
  const backend = await initBackend(plan.backend);
  const { model } = buildModel(plan.arch, { seed: 1 });
  const [h, w, c] = plan.arch.inputShape;
  const xs = tf.randomNormal([plan.batch, h, w, c], 0, 1, 'float32', 1);
  const labels = tf.randomUniform<tf.Rank.R1>([plan.batch], 0, plan.arch.classes, 'int32', 2);
  const ys = tf.oneHot(labels, plan.arch.classes);
  const optimizer = makeAdam(1e-3);
  const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const step = async (): Promise<void> => {
    const loss = tf.tidy(() =>
      optimizer.minimize(
        () => trainingLoss(ys, model.apply(xs, { training: true }) as tf.Tensor),
        true,
        variables,
      )!,
    );
    await loss.data();
    loss.dispose();
  };
  for (let i = 0; i < plan.warmupSteps; i++) await step();
  const heapAfterWarmup = wasmHeapBytes();
  const profiler = plan.profile ? new KernelProfiler() : undefined;
  profiler?.install(tf.getBackend());
  barrier();
  const cpu0 = process.cpuUsage();
  const start = now();
  let steps = 0;
  while (steps < plan.steps && (steps === 0 || now() - start < plan.timeBoxSeconds * 1000)) {
    await step();
    steps++;
  }
  const end = now();
  const cpu = process.cpuUsage(cpu0);
  const heapAtEnd = wasmHeapBytes();
  tf.dispose([xs, labels, ys]);
  optimizer.dispose();
  model.dispose();
  const kernels = profiler?.report(steps);
  const info = backend === 'webgpu' ? webgpuAdapter() : null;
  return {
    ...(info ? { adapter: `${describeAdapter(info)}${isSoftwareAdapter(info) ? ', software' : ''}` } : {}),
    backend, steps, images: steps * plan.batch, start, end, cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...(heapAfterWarmup !== undefined && heapAtEnd !== undefined ? { heapBytes: { afterWarmup: heapAfterWarmup, atEnd: heapAtEnd } } : {}),
    ...(kernels ? { kernels } : {}),
  };
}
