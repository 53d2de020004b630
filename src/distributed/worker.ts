/**
 * `spin-nas worker`: a long-lived process that trains trials of any run announced in Redis
 * that it can serve, in its own trainer (the local pool, or the synthetic trainer for dry
 * runs), and sends results and weights back.
 *
 * - Before taking work it reads the run's manifest: a run it cannot serve (another spin-nas
 *   version, trainer or backend, or no dataset here) is refused with the reason, logged and
 *   shown to the search; it never consumes that run's queue, so no trial fails because of it.
 * - Every job payload is validated against the schema; a malformed one fails with the reason.
 * - Stall detection is BullMQ's (see stall.ts for the timeouts and why).
 * - Stopping (the signal): no new jobs; running ones finish, then the process exits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkDataset } from '../data/index.js';
import type { Executor } from '../executor/contract.js';
import { SyntheticExecutor } from '../executor/synthetic.js';
import type { TrialWorker } from '../store/types.js';
import type { BackendName, TrainRequest } from '../train/types.js';
import { checkReachable, connect, redisTarget, type RedisTarget } from './connection.js';
import { parseManifest, refusal, thisAbility, type RunManifest, type WorkerAbility } from './manifest.js';
import { PREFIX, refusalsKey, RUNS_KEY, weightsKey } from './names.js';
import { jobProblem, type TrialJob, type TrialJobResult } from './payload.js';
import { STALL_DEFAULTS } from './stall.js';
import { downloadWeights, uploadWeights } from './weights.js';


export interface WorkerOptions {
  redis: string;
  /** Trials trained at once. */
  workers: number;
  backend: BackendName | 'auto';
  /** Dataset folder on this machine ('' = the dataset's standard place). */
  dataDir: string;
  trainer: 'local' | 'synthetic';
  /** Synthetic trainer: milliseconds per trial. */
  delayMs?: number;
  /** Synthetic trainer: trials whose id matches fail (fault tests). */
  failTrials?: RegExp;
  lockMs?: number;
  stalledMs?: number;
  maxStalled?: number;
  /** How often the list of runs is read (default 1000 ms). */
  discoverMs?: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

export async function runWorker(options: WorkerOptions): Promise<void> {
  const target = redisTarget(options.redis);
  const client = connect(target, options.log);
  await checkReachable(client, target);
  const trainer = await makeTrainer(options);
  const service = new WorkerService(options, target, client, trainer.executor, trainer.backend);
  options.log(`worker ${service.identity.id} (${trainer.backend}, ${options.trainer} trainer, ${options.workers} at once) waiting for trials on ${target.shown}`);
  try {
    await service.serve();
  } finally {
    await trainer.executor.close();
    client.disconnect();
  }
}

async function makeTrainer(o: WorkerOptions): Promise<{ executor: Executor; backend: BackendName }> {
  if (o.trainer === 'synthetic') {
    const failWhen = o.failTrials;
    return {
      executor: new SyntheticExecutor({ delayMs: o.delayMs ?? 0, capacity: o.workers, ...(failWhen ? { failWhen: (r) => failWhen.test(r.trialId) } : {}) }),
      backend: o.backend === 'auto' ? 'cpu' : o.backend,
    };
  }
  const { LocalExecutor } = await import('../executor/local.js');
  const executor = new LocalExecutor({ backend: o.backend, workers: o.workers });
  return { executor, backend: executor.backend };
}

class WorkerService {
  readonly identity: TrialWorker;
  #o: WorkerOptions;
  #target: RedisTarget;
  #client: Redis;
  #trainer: Executor;
  #ability: WorkerAbility;
  #serving = new Map<string, { worker: Worker; connection: Redis }>();
  #refused = new Set<string>();

  constructor(o: WorkerOptions, target: RedisTarget, client: Redis, trainer: Executor, backend: BackendName) {
    this.#o = o;
    this.#target = target;
    this.#client = client;
    this.#trainer = trainer;
    this.identity = { host: hostname(), pid: process.pid, backend, id: `${hostname()}-${process.pid}` };
    this.#ability = {
      ...thisAbility(),
      trainer: o.trainer,
      backend,
      datasetProblem: (dataset) => {
        try {
          checkDataset(dataset, o.dataDir);
          return null;
        } catch (error) {
          return `no dataset ${dataset} on this machine: ${(error as Error).message}`;
        }
      },
    };
  }

  async serve(): Promise<void> {
    const { signal } = this.#o;
    while (!signal.aborted) {
      await this.#discover();
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, this.#o.discoverMs ?? 1000);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    await Promise.allSettled([...this.#serving.keys()].map((runId) => this.#stop(runId)));
  }

  /** Starts serving new runs that this worker can train, and stops serving finished ones. */
  async #discover(): Promise<void> {
    let runs: Record<string, string>;
    try {
      runs = await this.#client.hgetall(RUNS_KEY);
    } catch {
      return; // Redis away: the connection reports it and retries
    }
    for (const [runId, text] of Object.entries(runs)) {
      if (this.#serving.has(runId) || this.#refused.has(runId) || this.#o.signal.aborted) continue;
      const manifest = parseManifest(text);
      const reason = manifest === null ? 'its manifest in Redis is not readable' : refusal(manifest, this.#ability);
      if (reason !== null || manifest === null) {
        this.#refused.add(runId);
        this.#o.log(`not taking trials of run ${runId}: ${reason}`);
        await this.#client.hset(refusalsKey(runId), this.identity.id!, reason ?? 'unreadable manifest').catch(() => undefined);
        continue;
      }
      this.#serving.set(runId, this.#consume(manifest));
      this.#o.log(`serving run ${runId}`);
    }
    for (const runId of this.#serving.keys()) {
      if (runId in runs) continue;
      void this.#stop(runId);
    }
  }

  async #stop(runId: string): Promise<void> {
    const serving = this.#serving.get(runId);
    if (!serving) return;
    this.#serving.delete(runId);
    await serving.worker.close();
    serving.connection.disconnect();
  }

  #consume(manifest: RunManifest): { worker: Worker; connection: Redis } {
    const connection = connect(this.#target);
    const worker = new Worker<TrialJob, TrialJobResult>(manifest.queue, (job) => this.#train(manifest, job), {
      connection,
      prefix: PREFIX,
      concurrency: this.#o.workers,
      lockDuration: this.#o.lockMs ?? STALL_DEFAULTS.lockMs,
      stalledInterval: this.#o.stalledMs ?? STALL_DEFAULTS.stalledMs,
      maxStalledCount: this.#o.maxStalled ?? STALL_DEFAULTS.maxStalled,
    });
    worker.on('error', () => undefined); // connection problems are reported once by connect()
    worker.on('completed', (job) => this.#o.log(`trained ${job.data.runId} ${job.data.trialId}: acc ${(job.returnvalue.result.valAccuracy * 100).toFixed(2)}%`));
    worker.on('failed', (job, error) => this.#o.log(`trial ${job?.id ?? '?'} failed: ${error.message}`));
    return { worker, connection };
  }

  async #train(manifest: RunManifest, job: Job<TrialJob, TrialJobResult>): Promise<TrialJobResult> {
    const problem = jobProblem(job.data);
    if (problem !== null) throw new UnrecoverableError(`malformed trial job ${job.id}: payload ${problem}`);
    const data = job.data;
    if (data.runId !== manifest.runId) throw new UnrecoverableError(`job ${job.id} names run ${data.runId}, not its queue's run ${manifest.runId}`);
    this.#o.log(`training ${data.runId} ${data.trialId}`);
    // Weights need a folder on this machine; a plain trial touches no disk.
    const scratch = data.parentWeights !== undefined || data.keepWeights ? await mkdtemp(join(tmpdir(), 'spin-nas-trial-')) : null;
    try {
      const request: TrainRequest = {
        trialId: data.trialId,
        arch: data.arch,
        budget: data.budget,
        seed: data.seed,
        backend: this.identity.backend,
        data: { dataset: data.dataset, dir: this.#o.dataDir },
        ...(data.splitSeed !== undefined ? { splitSeed: data.splitSeed } : {}),
        ...(data.evaluateTest !== undefined ? { evaluateTest: data.evaluateTest } : {}),
      };
      if (data.parentWeights !== undefined) {
        const dir = join(scratch!, 'parent');
        if (!(await downloadWeights(this.#client, data.parentWeights, dir))) {
          throw new UnrecoverableError(`trial ${data.trialId}: its fusion parent's weights are not in Redis (key ${data.parentWeights})`);
        }
        request.parentCheckpoint = dir;
      }
      if (data.keepWeights) request.saveTo = join(scratch!, 'weights');
      const { checkpoint, worker: _local, ...result } = await this.#trainer.submit(request).result;
      // A job started again after its worker was lost (stalled): the search charges the lost attempts.
      const lost = Math.max(0, (job.attemptsStarted ?? 1) - 1, job.stalledCounter ?? 0);
      const out: TrialJobResult = { result: lost > 0 ? { ...result, lostAttempts: lost } : result, worker: this.identity };
      if (data.keepWeights && checkpoint !== undefined) {
        const key = weightsKey(data.runId, 'result', data.trialId);
        await uploadWeights(this.#client, key, checkpoint, manifest.maxWeightsBytes, `trial ${data.trialId}`);
        out.weights = key;
      }
      return out;
    } catch (error) {
      // The search shows which worker a failed trial failed on.
      await job.updateProgress({ worker: this.identity }).catch(() => undefined);
      throw error;
    } finally {
      if (scratch !== null) await rm(scratch, { recursive: true, force: true });
    }
  }
}
