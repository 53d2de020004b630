/**
 * A piscina pool of trainer threads, one trial per task.
 *
 * GPU / native design: the tfjs-node(-gpu) addon can be loaded by only one thread of a
 * process, so native backends get exactly one long-lived worker (never recycled while the
 * pool is open) and are cancelled cooperatively between training steps; the JS backends
 * (wasm, cpu) get one worker per core and are cancelled by terminating the worker, which
 * piscina replaces. webgpu: Dawn's addon loads in every worker thread, each with its own
 * device, but terminating a worker while its device is alive can abort the whole process
 * (a napi_throw FATAL ERROR, seen on SwiftShader), so webgpu workers are long-lived and
 * cancelled cooperatively like the native ones, two by default (WEBGPU_POOL_SIZE).
 * Failures of any kind reject that trial's run with a TrialError; the
 * pool keeps serving the others.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { resolveBackend } from '../backend/index.js';
import { TrialError, UsageError } from '../errors.js';
import type { BackendName, TrainRequest, TrainResult } from './types.js';
import type { Simulation, WorkerTask } from './worker-protocol.js';

export interface PoolOptions {
  /** Backend every trial of this pool uses ('auto' picks the best available). */
  backend?: BackendName | 'auto';
  /** Worker threads; default: CPU cores for wasm/cpu, 1 for native backends. */
  size?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Per-trial time limit in milliseconds. */
  timeoutMs?: number;
  /** Test-only: simulate the trial instead of training (see worker-protocol.ts). */
  simulate?: Simulation;
}

export function isNativeBackend(backend: BackendName): boolean {
  return backend === 'tensorflow' || backend === 'tensorflow-gpu';
}

/**
 * Trials at once on the one GPU under webgpu: each worker thread has its own Dawn device on
 * the same adapter, so while one trial's thread prepares its next dispatches in JavaScript
 * (tfjs-webgpu's cost for these small models), the other's run on the GPU. Two, not one per
 * core: every device holds its own buffers and compiled pipelines. Not yet measured on a GPU
 * (scripts/gpu-check.sh measures 1 and 2); --workers overrides it.
 */
export const WEBGPU_POOL_SIZE = 2;

/** Backends whose workers live as long as the pool and stop between steps when cancelled. */
export function keepsWorkers(backend: BackendName): boolean {
  return isNativeBackend(backend) || backend === 'webgpu';
}

export function defaultPoolSize(backend: BackendName): number {
  if (backend === 'webgpu') return Math.min(WEBGPU_POOL_SIZE, availableParallelism());
  return isNativeBackend(backend) ? 1 : availableParallelism();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TrainerPool {
  readonly backend: BackendName;
  readonly size: number;
  #piscina: Piscina<WorkerTask, TrainResult>;
  #closed = false;

  constructor(options: PoolOptions = {}) {
    this.backend = resolveBackend(options.backend ?? 'auto');
    const native = isNativeBackend(this.backend);
    const size = options.size ?? defaultPoolSize(this.backend);
    if (!Number.isInteger(size) || size < 1) throw new UsageError(`pool size ${size} must be a positive integer`);
    if (native && size !== 1) {
      throw new UsageError(`pool size ${size} is not possible with backend ${this.backend}: the native addon loads in one worker per process; use 1`);
    }
    this.size = size;
    this.#piscina = new Piscina<WorkerTask, TrainResult>({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: keepsWorkers(this.backend) ? size : 0,
      maxThreads: size,
      idleTimeout: keepsWorkers(this.backend) ? Number.POSITIVE_INFINITY : 30_000,
      concurrentTasksPerWorker: 1,
    });
  }

  /**
   * Runs one trial on a worker. Rejects with a TrialError when the trial throws, its
   * worker dies, it is cancelled through `signal`, or it exceeds `timeoutMs`.
   */
  async run(request: TrainRequest, options: RunOptions = {}): Promise<TrainResult> {
    if (this.#closed) throw new TrialError(`trial ${request.trialId} not started: the trainer pool is closed`);
    const task: WorkerTask = { request: { ...request, backend: this.backend } };
    if (options.simulate !== undefined) task.simulate = options.simulate;
    // Native and webgpu backends stop cooperatively (their workers must survive); others are terminated.
    const stop = keepsWorkers(this.backend) ? new SharedArrayBuffer(4) : undefined;
    if (stop !== undefined) task.stop = stop;
    const controller = new AbortController();
    let rejectCancelled: (error: TrialError) => void = () => {};
    const cancelled = new Promise<never>((_, reject) => {
      rejectCancelled = reject;
    });
    cancelled.catch(() => {});
    let reason: string | undefined;
    const abort = (why: string): void => {
      if (reason !== undefined) return;
      reason = why;
      if (stop === undefined) {
        controller.abort();
      } else {
        Atomics.store(new Int32Array(stop), 0, 1);
        rejectCancelled(new TrialError(why));
      }
    };
    const onAbort = (): void => abort(`trial ${request.trialId} was cancelled`);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => abort(`trial ${request.trialId} exceeded its time limit of ${options.timeoutMs} ms`), options.timeoutMs);
    try {
      const running = this.#piscina.run(task, { signal: controller.signal });
      running.catch(() => {});
      return await Promise.race([running, cancelled]);
    } catch (error) {
      if (error instanceof TrialError) throw error;
      if (reason !== undefined) throw new TrialError(reason, { cause: error });
      throw new TrialError(`trial ${request.trialId} failed: ${messageOf(error)}`, { cause: error });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Waits for running trials, then stops the workers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#piscina.close();
  }

  /** Stops the workers now, failing running trials. */
  async destroy(): Promise<void> {
    this.#closed = true;
    await this.#piscina.destroy();
  }
}
