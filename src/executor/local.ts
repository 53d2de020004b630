/**
 * The local executor: trials train in this machine's trainer pool (piscina worker threads).
 */
import { hostname } from 'node:os';
import { resolveBackend } from '../backend/index.js';
import { TrainerPool, isNativeBackend, type PoolOptions, type Simulation } from '../train/index.js';
import type { BackendName, TrainRequest, TrainResult } from '../train/types.js';
import { TrialCancelled, withWorker, type Executor, type TrialHandle } from './contract.js';

export interface LocalExecutorOptions {
  backend?: BackendName | 'auto';
  /** Worker threads (trials in parallel). */
  workers?: number;
  /** Per-trial time limit in milliseconds. */
  timeoutMs?: number;
  /** Test-only: workers simulate trials instead of training (see train/worker-protocol.ts). */
  simulate?: Simulation;
}

export class LocalExecutor implements Executor {
  readonly name = 'local';
  readonly capacity: number;
  readonly backend: BackendName;
  #pool: TrainerPool;
  #timeoutMs: number | undefined;
  #simulate: Simulation | undefined;

  constructor(options: LocalExecutorOptions = {}) {
    const backend = resolveBackend(options.backend ?? 'auto');
    const pool: PoolOptions = { backend };
    // Native TensorFlow backends load in one worker per process: one trial at a time there.
    if (options.workers !== undefined) pool.size = isNativeBackend(backend) ? 1 : options.workers;
    this.#pool = new TrainerPool(pool);
    this.capacity = this.#pool.size;
    this.backend = this.#pool.backend;
    this.#timeoutMs = options.timeoutMs;
    this.#simulate = options.simulate;
  }

  submit(request: TrainRequest): TrialHandle {
    const controller = new AbortController();
    const run = this.#pool.run(request, {
      signal: controller.signal,
      ...(this.#timeoutMs !== undefined ? { timeoutMs: this.#timeoutMs } : {}),
      ...(this.#simulate !== undefined ? { simulate: this.#simulate } : {}),
    });
    const worker = { host: hostname(), pid: process.pid, backend: this.backend };
    const result = run.then(
      (trained): TrainResult => ({ ...trained, worker }),
      (error: unknown): Promise<TrainResult> => {
        throw controller.signal.aborted ? new TrialCancelled(request.trialId) : withWorker(error, worker);
      },
    );
    return { result, cancel: () => controller.abort() };
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
