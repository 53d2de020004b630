/**
 * The distributed executor (search side): each trial becomes a BullMQ job in the run's own
 * queue, trained by whichever `spin-nas worker` takes it. The search stays the only owner of
 * the run store; this class only moves requests out and results (and weights) back.
 *
 * - Job ids derive from the run and trial ids: submitting a trial whose job exists (a resume
 *   after a crash) re-attaches to it, whether it is still queued, running or already
 *   finished, and nothing is queued twice. A result that arrives twice settles once.
 * - Results come from BullMQ's event stream; a slower poll of the jobs in flight catches
 *   anything the stream missed (a Redis restart) and re-adds a job Redis lost.
 * - cancel() detaches: the job stays queued so that a resume collects its result.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { TrialError } from '../errors.js';
import { TrialCancelled, withWorker, type Executor, type TrialHandle } from '../executor/contract.js';
import type { TrialWorker } from '../store/types.js';
import type { BackendName, TrainRequest, TrainResult } from '../train/types.js';
import { checkReachable, connect, maskText, redisTarget, type RedisTarget } from './connection.js';
import { spinVersion, type RunManifest } from './manifest.js';
import { jobIdOf, PREFIX, queueName, refusalsKey, RUNS_KEY, weightsKey, weightsPattern } from './names.js';
import { PROTOCOL, type TrialJob, type TrialJobResult } from './payload.js';
import { DEFAULT_MAX_WEIGHTS_MB, downloadWeights, uploadWeights } from './weights.js';

export interface RedisExecutorOptions {
  redis: string;
  runId: string;
  dataset: string;
  /** Own data: its content hash (workers must hold the same decoded data). */
  dataHash?: string;
  trainer: 'local' | 'synthetic';
  backend: BackendName | 'auto';
  maxWeightsMb?: number;
  /** Interval of the safety-net poll of jobs in flight (default 2000 ms). */
  pollMs?: number;
  onWarning?: (message: string) => void;
}

interface Waiter {
  request: TrainRequest;
  resolve: (result: TrainResult) => void;
  reject: (error: unknown) => void;
  /** Set once the job is in Redis (the poll may re-add it only then). */
  queued: boolean;
  settling: boolean;
}

export class RedisExecutor implements Executor {
  readonly name = 'redis';
  /** Workers come and go: the search's --workers decides how many trials are in flight. */
  readonly capacity = Number.POSITIVE_INFINITY;
  readonly manifest: RunManifest;
  #target: RedisTarget;
  #client: Redis;
  #connections: Redis[];
  #queue: Queue;
  #events: QueueEvents;
  #waiting = new Map<string, Waiter>();
  #parents = new Map<string, Promise<void>>();
  #refusals = new Set<string>();
  #poll: NodeJS.Timeout;
  #warn: (message: string) => void;

  /** Connects, checks Redis answers, and announces the run to workers. */
  static async open(options: RedisExecutorOptions): Promise<RedisExecutor> {
    const target = redisTarget(options.redis);
    const warn = options.onWarning ?? (() => undefined);
    const client = connect(target, warn);
    await checkReachable(client, target);
    const executor = new RedisExecutor(options, target, client, warn);
    await client.hset(RUNS_KEY, options.runId, JSON.stringify(executor.manifest));
    await executor.#events.waitUntilReady();
    return executor;
  }

  private constructor(options: RedisExecutorOptions, target: RedisTarget, client: Redis, warn: (message: string) => void) {
    this.#target = target;
    this.#client = client;
    this.#warn = warn;
    const queue = queueName(options.runId);
    this.manifest = {
      runId: options.runId,
      queue,
      version: spinVersion(),
      protocol: PROTOCOL,
      dataset: options.dataset,
      ...(options.dataHash !== undefined ? { dataHash: options.dataHash } : {}),
      trainer: options.trainer,
      backend: options.backend,
      maxWeightsBytes: Math.round((options.maxWeightsMb ?? DEFAULT_MAX_WEIGHTS_MB) * 2 ** 20),
      search: { host: hostname(), pid: process.pid },
    };
    // BullMQ leaves connections it is given open: they are kept here to be closed.
    this.#connections = [connect(target), connect(target)];
    this.#queue = new Queue(queue, { connection: this.#connections[0]!, prefix: PREFIX });
    this.#queue.on('error', () => undefined);
    this.#events = new QueueEvents(queue, { connection: this.#connections[1]!, prefix: PREFIX });
    this.#events.on('error', () => undefined);
    // The event carries the result: no further round trip on the common path.
    this.#events.on('completed', ({ jobId, returnvalue }) => void this.#completed(jobId, returnvalue as unknown as TrialJobResult));
    this.#events.on('failed', ({ jobId }) => void this.#check(jobId));
    this.#poll = setInterval(() => void this.#pollAll(), options.pollMs ?? 2000);
  }

  submit(request: TrainRequest): TrialHandle {
    const jobId = jobIdOf(this.manifest.runId, request.trialId);
    const result = new Promise<TrainResult>((resolve, reject) => {
      this.#waiting.set(jobId, { request, resolve, reject, queued: false, settling: false });
    });
    this.#enqueue(jobId, request).then(
      () => this.#check(jobId),
      (error: unknown) => this.#settle(jobId, error),
    );
    return { result, cancel: () => this.#settle(jobId, new TrialCancelled(request.trialId)) };
  }

  /** Stops listening; jobs stay in Redis for a resume to collect. */
  async close(): Promise<void> {
    clearInterval(this.#poll);
    for (const [jobId, w] of this.#waiting) this.#settle(jobId, new TrialCancelled(w.request.trialId));
    await Promise.allSettled([this.#events.close(), this.#queue.close()]);
    for (const c of [...this.#connections, this.#client]) c.disconnect();
  }

  /** The run is complete: removes its queue, manifest and weights from Redis. */
  async finish(): Promise<void> {
    clearInterval(this.#poll);
    const { runId } = this.manifest;
    await this.#client.hdel(RUNS_KEY, runId);
    await this.#queue.obliterate({ force: true });
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.#client.scan(cursor, 'MATCH', weightsPattern(runId), 'COUNT', 200);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length > 0) await this.#client.del(...keys);
    await this.#client.del(refusalsKey(runId));
  }

  async #enqueue(jobId: string, request: TrainRequest): Promise<void> {
    const data: TrialJob = {
      protocol: PROTOCOL,
      runId: this.manifest.runId,
      trialId: request.trialId,
      arch: request.arch,
      budget: request.budget,
      seed: request.seed,
      backend: request.backend,
      dataset: request.data.dataset,
      keepWeights: request.saveTo !== undefined,
      ...(request.splitSeed !== undefined ? { splitSeed: request.splitSeed } : {}),
      ...(request.evaluateTest !== undefined ? { evaluateTest: request.evaluateTest } : {}),
    };
    if (request.parentCheckpoint !== undefined) data.parentWeights = await this.#parentWeights(request);
    await this.#queue.add('trial', data, { jobId, attempts: 1, removeOnComplete: false, removeOnFail: false });
    const waiter = this.#waiting.get(jobId);
    if (waiter) waiter.queued = true;
  }

  /** Uploads a fusion parent's checkpoint unless Redis holds it (concurrent asks share one upload). */
  #parentWeights(request: TrainRequest): Promise<string> {
    const folder = request.parentCheckpoint!;
    const key = weightsKey(this.manifest.runId, 'parent', basename(folder));
    let upload = this.#parents.get(key);
    if (!upload) {
      upload = (async () => {
        if ((await this.#client.exists(key)) === 1) return;
        await uploadWeights(this.#client, key, folder, this.manifest.maxWeightsBytes, `fusion parent of trial ${request.trialId}`);
      })().finally(() => this.#parents.delete(key));
      this.#parents.set(key, upload);
    }
    return upload.then(() => key);
  }

  async #pollAll(): Promise<void> {
    // Announced again each time: a Redis restarted without persistence forgets the run.
    await this.#client.hset(RUNS_KEY, this.manifest.runId, JSON.stringify(this.manifest)).catch(() => undefined);
    for (const [jobId, waiter] of this.#waiting) {
      if (!waiter.queued) continue;
      const state = await this.#check(jobId);
      if (state === 'missing' && this.#waiting.get(jobId) === waiter) {
        // Redis lost the job (restarted without persistence): queue it again.
        waiter.queued = false;
        this.#enqueue(jobId, waiter.request).catch((error: unknown) => this.#settle(jobId, error));
      }
    }
    await this.#reportRefusals();
  }

  /** Settles the trial when its job has finished; returns the job's state. */
  async #check(jobId: string): Promise<string> {
    const waiter = this.#waiting.get(jobId);
    if (!waiter || waiter.settling) return 'settled';
    let job: Job | undefined;
    let state: string;
    try {
      state = await this.#queue.getJobState(jobId);
      if (state === 'unknown') return 'missing';
      if (state !== 'completed' && state !== 'failed') return state;
      job = await this.#queue.getJob(jobId);
      if (!job) return 'missing';
    } catch {
      return 'unknown';
    }
    if (state === 'completed') {
      await this.#completed(jobId, job.returnvalue as TrialJobResult);
      return state;
    }
    if (this.#waiting.get(jobId) !== waiter || waiter.settling) return 'settled';
    const worker = (job.progress as { worker?: TrialWorker } | undefined)?.worker;
    const error = new TrialError(job.failedReason || `trial ${waiter.request.trialId} failed on a worker`);
    this.#settle(jobId, worker ? withWorker(error, worker) : error);
    return state;
  }

  async #completed(jobId: string, value: TrialJobResult): Promise<void> {
    const waiter = this.#waiting.get(jobId);
    if (!waiter || waiter.settling) return;
    waiter.settling = true;
    try {
      this.#settle(jobId, null, await this.#collect(waiter.request, value));
    } catch (error) {
      this.#settle(jobId, error);
    }
  }

  /** The trial's result, with its weights written into the run folder when it keeps them. */
  async #collect(request: TrainRequest, value: TrialJobResult): Promise<TrainResult> {
    const result: TrainResult = { ...value.result, worker: value.worker };
    delete result.checkpoint;
    if (request.saveTo !== undefined && value.weights !== undefined) {
      const found = await downloadWeights(this.#client, value.weights, request.saveTo);
      // Already collected by an earlier process of this search (then deleted from Redis)?
      if (!found && !existsSync(request.saveTo)) {
        throw new TrialError(`trial ${request.trialId}: its weights are no longer in Redis (key ${value.weights}) nor in ${request.saveTo}`);
      }
      await this.#client.del(value.weights);
      result.checkpoint = request.saveTo;
    }
    return result;
  }

  #settle(jobId: string, error: unknown, result?: TrainResult): void {
    const waiter = this.#waiting.get(jobId);
    if (!waiter) return;
    this.#waiting.delete(jobId);
    if (error === null && result !== undefined) waiter.resolve(result);
    else waiter.reject(error instanceof Error ? maskError(error, this.#target) : error);
  }

  /** Workers that refuse this run say why; the search shows each reason once. */
  async #reportRefusals(): Promise<void> {
    let found: Record<string, string>;
    try {
      found = await this.#client.hgetall(refusalsKey(this.manifest.runId));
    } catch {
      return;
    }
    for (const [worker, reason] of Object.entries(found)) {
      if (this.#refusals.has(worker)) continue;
      this.#refusals.add(worker);
      this.#warn(`worker ${worker} does not take trials of this run: ${reason}`);
    }
  }
}

function maskError(error: Error, target: RedisTarget): Error {
  error.message = maskText(error.message, target);
  return error;
}
