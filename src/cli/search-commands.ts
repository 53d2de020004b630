/**
 * `spin-nas search <space-file>`: runs (or resumes) a search, with a progress bar on a
 * terminal and plain lines otherwise, the frontier table at the end, and a clean stop on
 * Ctrl-C (running trials go back to pending; the same command resumes).
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseBudgetFlag, runSearchSession, SEARCH_DEFAULTS, type SearchEvent, type TrainerKind } from '../search/index.js';
import { loadRunSnapshot, type KeepWeights } from '../store/index.js';
import type { BackendName } from '../train/types.js';
import { formatCompact } from './format-numbers.js';
import { maskUrl, redisTarget } from '../distributed/url.js';
import { DEFAULT_MAX_WEIGHTS_MB } from '../distributed/weights.js';
import { stopOnSignals } from './signals.js';
import { frontierTable } from './status-command.js';

interface SearchFlags {
  name?: string;
  trials: string;
  budget?: string;
  workers: string;
  seed: string;
  backend: string;
  strategy: string;
  eta: string;
  resume?: boolean;
  dataDir: string;
  runsDir: string;
  trainer: string;
  delayMs?: string;
  keepWeights: string;
  redis?: string;
  maxWeightsMb: string;
}

const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow', 'tensorflow-gpu'];

export function registerSearchCommands(program: Command): void {
  program
    .command('search')
    .description('search a space for the Pareto frontier of accuracy vs params vs FLOPs (resumable)')
    .argument('<space-file>', 'search-space JSON file, e.g. search-spaces/convmixer-fmnist.json')
    .option('--name <name>', 'run name (folder under --runs-dir); default: the space file name')
    .option('--trials <n>', 'new candidates evaluated at the cheapest rung (promotions come on top)', String(SEARCH_DEFAULTS.trials))
    .option('--budget <spec>', 'override the proxy budget of every rung: key=value pairs (epochs=2,trainSubset=3000) or JSON')
    .option('--workers <n>', 'trials trained in parallel', String(SEARCH_DEFAULTS.workers))
    .option('--seed <s>', 'random seed of the search (non-negative integer)', String(SEARCH_DEFAULTS.seed))
    .option('--backend <name>', `training backend: ${BACKENDS.join('|')}`, SEARCH_DEFAULTS.backend)
    .option('--strategy <name>', 'random|evolution|nsga2 or a path to a strategy module (./my-strategy.js)', SEARCH_DEFAULTS.strategy)
    .option('--eta <n>', 'successive halving rate: the best 1/eta of a rung (by Pareto rank) are promoted', String(SEARCH_DEFAULTS.eta))
    .option('--resume', 'require an existing run and continue it (re-running the same command also resumes)')
    .option('--data-dir <dir>', "dataset folder (default: the dataset's standard place, e.g. /usr/share/datasets/fashion-mnist)", SEARCH_DEFAULTS.dataDir)
    .option('--runs-dir <dir>', 'folder holding runs', SEARCH_DEFAULTS.runsDir)
    .option('--trainer <kind>', 'local (train in worker threads) or synthetic (dry run / testing: no training, scores made up from the architecture)', SEARCH_DEFAULTS.trainer)
    .option('--keep-weights <which>', 'trained weights kept for `spin-nas export`: frontier (trials on the frontier), all or none', SEARCH_DEFAULTS.keepWeights)
    .option('--delay-ms <n>', 'synthetic trainer only: milliseconds per trial')
    .option('--redis <url>', 'train on `spin-nas worker` processes through this Redis (redis://:password@host:6379 or rediss://); --workers is then the number of trials queued at once')
    .option('--max-weights-mb <n>', 'with --redis: largest checkpoint moved through Redis, in MiB', String(DEFAULT_MAX_WEIGHTS_MB))
    .action(async (spaceFile: string, flags: SearchFlags) => {
      process.exitCode = await searchAction(spaceFile, flags);
    });
}

function integer(flag: string, text: string, min: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`option ${flag}: got ${JSON.stringify(text)}; use an integer of at least ${min}`);
  }
  return value;
}

async function searchAction(spaceFile: string, flags: SearchFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend)) throw new UsageError(`option --backend: got ${JSON.stringify(flags.backend)}; use one of ${BACKENDS.join(', ')}`);
  if (flags.trainer !== 'local' && flags.trainer !== 'synthetic') {
    throw new UsageError(`option --trainer: got ${JSON.stringify(flags.trainer)}; use local or synthetic`);
  }
  const redis = flags.redis === undefined ? undefined : { url: redisTarget(flags.redis).url, maxWeightsMb: integer('--max-weights-mb', flags.maxWeightsMb, 1) };
  const stop = stopOnSignals('run');
  const reporter = new Reporter(process.stdout.isTTY === true);
  try {
    const result = await runSearchSession({
      spaceFile,
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      runsDir: flags.runsDir,
      trials: integer('--trials', flags.trials, 1),
      workers: integer('--workers', flags.workers, 1),
      seed: integer('--seed', flags.seed, 0),
      backend: flags.backend as BackendName | 'auto',
      strategy: flags.strategy,
      eta: integer('--eta', flags.eta, 2),
      ...(flags.budget !== undefined ? { budget: parseBudgetFlag(flags.budget) } : {}),
      ...(flags.resume ? { resume: true } : {}),
      dataDir: flags.dataDir,
      trainer: flags.trainer as TrainerKind,
      keepWeights: keepWeightsFlag(flags.keepWeights),
      onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      ...(flags.delayMs !== undefined ? { delayMs: integer('--delay-ms', flags.delayMs, 0) } : {}),
      ...(redis !== undefined ? { redis } : {}),
      signal: stop.signal,
      onOpen: (info) =>
        process.stdout.write(
          (info.created ? `new run ${info.dir}` : `resuming run ${info.dir} (${info.done} trials finished before)`) +
            (redis !== undefined ? `; trials go to workers through ${maskUrl(redis.url)}\n` : '\n'),
        ),
      onEvent: (event) => reporter.event(event),
    });
    reporter.stop();
    const snapshot = await loadRunSnapshot(result.dir);
    const { outcome } = result;
    if (outcome.interrupted) {
      process.stdout.write(
        `stopped after ${outcome.finished} finished trials; the run is saved in ${result.dir}.\n` +
          `resume with: spin-nas ${resumeCommand()}\n`,
      );
      return 130;
    }
    if (outcome.exhausted) process.stdout.write('the strategy proposed only known architectures: the space looks exhausted\n');
    process.stdout.write(
      `done: ${outcome.done} trials done, ${outcome.failed} failed; hypervolume ${outcome.hypervolume.toFixed(4)}; run saved in ${result.dir}\n`,
    );
    process.stdout.write(`${frontierTable(snapshot.trials, snapshot.frontier)}\n`);
    return 0;
  } finally {
    reporter.stop();
    stop.dispose();
  }
}

function keepWeightsFlag(text: string): KeepWeights {
  if (text === 'frontier' || text === 'all' || text === 'none') return text;
  throw new UsageError(`option --keep-weights: got ${JSON.stringify(text)}; use frontier, all or none`);
}

function resumeCommand(): string {
  const args = process.argv.slice(2).filter((a) => a !== '--resume');
  return [...args, '--resume'].map((a) => (/^[\w./=:,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Progress: a bar on a terminal, one line per finished trial otherwise. */
class Reporter {
  #bar: SingleBar | null = null;
  #tty: boolean;

  constructor(tty: boolean) {
    this.#tty = tty;
  }

  event(e: SearchEvent): void {
    const payload = { frontier: e.frontierSize, hv: e.hypervolume.toFixed(4) };
    if (this.#tty) {
      if (!this.#bar) {
        this.#bar = new SingleBar({
          format: 'search [{bar}] {value}/{total} trials | ETA {eta_formatted} | frontier {frontier} | HV {hv}',
          etaBuffer: 8,
          hideCursor: true,
        });
        this.#bar.start(e.total, e.finished, payload);
      }
      this.#bar.setTotal(e.total);
      this.#bar.update(e.finished, payload);
      return;
    }
    if (e.type === 'finished' || e.type === 'failed') {
      const t = e.trial;
      const what =
        e.type === 'finished'
          ? `acc ${((t.result?.valAccuracy ?? 0) * 100).toFixed(2)}% params ${formatCompact(t.cost.params)} FLOPs ${formatCompact(t.cost.flops)}${t.infeasible ? ' (infeasible)' : ''}`
          : `FAILED: ${t.error ?? 'unknown error'}`;
      process.stdout.write(`[${e.finished}/${e.total}] ${t.id} ${what} | ${t.label} | frontier ${e.frontierSize} | HV ${payload.hv}\n`);
    }
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = null;
  }
}
