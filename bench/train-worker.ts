/** Worker thread of the training benchmark: runs one StepPlan, posts its StepTiming. */
import { parentPort, workerData } from 'node:worker_threads';
import { timeTraining } from './train-step.js';
import type { StepPlan } from './train-step.js';

const { plan, ready } = workerData as { plan: StepPlan; ready: SharedArrayBuffer };
const counter = new Int32Array(ready);

/** Counts this worker in, then blocks until counter[1] (the worker total) have arrived. */
function barrier(): void {
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
  for (;;) {
    const arrived = Atomics.load(counter, 0);
    if (arrived >= Atomics.load(counter, 1)) return;
    Atomics.wait(counter, 0, arrived, 1000);
  }
}

timeTraining(plan, barrier).then(
  (timing) => parentPort!.postMessage({ ok: true, timing }),
  (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
);
