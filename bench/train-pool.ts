/** Runs one StepPlan in `workers` threads at once (each trains its own model copy). */
import { Worker } from 'node:worker_threads';
import type { StepPlan, StepTiming } from './train-step.js';

export interface PoolTiming {
  workers: number;
  images: number;
  /** From the barrier's release to the last worker's end. */
  seconds: number;
  imagesPerSecond: number;
  /** Process CPU seconds over the timed window (the longest worker's view; all threads). */
  cpuSeconds: number;
  stepsPerWorker: number[];
  timings: StepTiming[];
}

export async function timePool(plan: StepPlan, workers: number): Promise<PoolTiming> {
  const ready = new SharedArrayBuffer(8);
  new Int32Array(ready)[1] = workers;
  const url = new URL('./train-worker.js', import.meta.url);
  const runs = Array.from({ length: workers }, () =>
    new Promise<StepTiming>((resolve, reject) => {
      const worker = new Worker(url, { workerData: { plan, ready } });
      worker.once('message', (m: { ok: true; timing: StepTiming } | { ok: false; error: string }) => {
        void worker.terminate();
        if (m.ok) resolve(m.timing);
        else reject(new Error(`benchmark worker failed on ${plan.backend}: ${m.error}`));
      });
      worker.once('error', reject);
    }),
  );
  const timings = await Promise.all(runs);
  const start = Math.min(...timings.map((t) => t.start));
  const end = Math.max(...timings.map((t) => t.end));
  const images = timings.reduce((sum, t) => sum + t.images, 0);
  const seconds = (end - start) / 1000;
  const cpuSeconds = Math.max(...timings.map((t) => t.cpuMs)) / 1000;
  return {
    workers, images, seconds, imagesPerSecond: images / seconds, cpuSeconds,
    stepsPerWorker: timings.map((t) => t.steps), timings,
  };
}
