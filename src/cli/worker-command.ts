/**
 * `spin-nas worker --redis <url>`: trains trials for searches started with the same --redis
 * on any machine, until Ctrl-C / SIGTERM (running trials finish first; a second signal quits
 * at once and other workers retrain them).
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import { STALL_DEFAULTS } from '../distributed/stall.js';
import { redisTarget } from '../distributed/url.js';
import type { BackendName } from '../train/types.js';
import { stopOnSignals } from './signals.js';

interface WorkerFlags {
  redis: string;
  workers?: string;
  backend: string;
  dataDir?: string;
  trainer: string;
  delayMs?: string;
  failTrials?: string;
  lockMs: string;
  stalledMs: string;
  maxStalled: string;
}

/** One per core, except on the one GPU of webgpu (which auto may pick): its pool's default. */
async function defaultWorkers(backend: string): Promise<number> {
  if (backend !== 'auto' && backend !== 'webgpu') return availableParallelism();
  const { resolveBackend } = await import('../backend/index.js');
  const { defaultPoolSize } = await import('../train/pool.js');
  return resolveBackend(backend) === 'webgpu' ? defaultPoolSize('webgpu') : availableParallelism();
}

const BACKENDS = ['auto', 'native', 'wasm', 'cpu', 'webgpu', 'tensorflow', 'tensorflow-gpu'];

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('train trials for searches run with --redis (on this or any machine), until Ctrl-C')
    .requiredOption('--redis <url>', 'the Redis the searches use: redis://:password@host:6379 or rediss://host:6380 (TLS)')
    .option('--workers <n>', 'trials trained at once (default: one per CPU core; 1 with a native TensorFlow backend, 2 with webgpu)')
    .option('--backend <name>', `training backend: ${BACKENDS.join('|')}`, 'auto')
    .option('--data-dir <dir>', "dataset folder on this machine (default: the dataset's standard place)")
    .option('--trainer <kind>', 'local (train in worker threads) or synthetic (serves dry-run searches started with --trainer synthetic)', 'local')
    .option('--delay-ms <n>', 'synthetic trainer only: milliseconds per trial')
    .option('--fail-trials <regex>', 'synthetic trainer only: trials whose id matches fail (fault drills)')
    .option('--lock-ms <n>', 'stall detection: a trial whose worker is silent this long goes back to the queue', String(STALL_DEFAULTS.lockMs))
    .option('--stalled-ms <n>', 'stall detection: how often queues are checked for stalled trials', String(STALL_DEFAULTS.stalledMs))
    .option('--max-stalled <n>', 'stall detection: a trial that stalls more often than this fails', String(STALL_DEFAULTS.maxStalled))
    .action(async (flags: WorkerFlags) => {
      process.exitCode = await workerAction(flags);
    });
}

function integer(flag: string, text: string, min: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`option ${flag}: got ${JSON.stringify(text)}; use an integer of at least ${min}`);
  return value;
}

async function workerAction(flags: WorkerFlags): Promise<number> {
  const target = redisTarget(flags.redis);
  if (!BACKENDS.includes(flags.backend)) throw new UsageError(`option --backend: got ${JSON.stringify(flags.backend)}; use one of ${BACKENDS.join(', ')}`);
  if (flags.trainer !== 'local' && flags.trainer !== 'synthetic') throw new UsageError(`option --trainer: got ${JSON.stringify(flags.trainer)}; use local or synthetic`);
  if (flags.trainer !== 'synthetic' && (flags.delayMs !== undefined || flags.failTrials !== undefined)) {
    throw new UsageError(`options --delay-ms and --fail-trials are for the synthetic trainer; add --trainer synthetic or leave them out`);
  }
  let failTrials: RegExp | undefined;
  if (flags.failTrials !== undefined) {
    try {
      failTrials = new RegExp(flags.failTrials);
    } catch (error) {
      throw new UsageError(`option --fail-trials: got ${JSON.stringify(flags.failTrials)}: ${(error as Error).message}; use a regular expression`);
    }
  }
  const workers = flags.workers === undefined ? (flags.trainer === 'synthetic' ? 1 : await defaultWorkers(flags.backend)) : integer('--workers', flags.workers, 1);
  const stop = stopOnSignals('worker', 'stopping: taking no new trials, finishing the running ones');
  const { runWorker } = await import('../distributed/worker.js');
  try {
    await runWorker({
      redis: target.url,
      workers,
      backend: flags.backend as BackendName | 'auto',
      dataDir: flags.dataDir ?? '',
      trainer: flags.trainer,
      ...(flags.delayMs !== undefined ? { delayMs: integer('--delay-ms', flags.delayMs, 0) } : {}),
      ...(failTrials !== undefined ? { failTrials } : {}),
      lockMs: integer('--lock-ms', flags.lockMs, 100),
      stalledMs: integer('--stalled-ms', flags.stalledMs, 100),
      maxStalled: integer('--max-stalled', flags.maxStalled, 0),
      log: (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
      signal: stop.signal,
    });
    process.stdout.write('worker stopped\n');
    return 0;
  } finally {
    stop.dispose();
  }
}
