/**
 * `spin-nas search <space-file>`: runs (or resumes) a search, with a progress bar on a
 * terminal and plain lines otherwise, the frontier table at the end, and a clean stop on
 * Ctrl-C (running trials go back to pending; the same command resumes).
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { runSearchSession, SEARCH_DEFAULTS, type SearchEvent, type TrainerKind } from '../search/index.js';
import type { ProxyBudget } from '../space/types.js';
import { chargeInWords, COMPUTE_UNIT, computeInWords, isSyntheticRun, loadRunSnapshot, runCompute, SYNTHETIC_NOTE, type KeepWeights } from '../store/index.js';
import type { BackendName } from '../train/types.js';
import { formatCompact } from './format-numbers.js';
import { backendOption, budgetOption, integerOption, keepWeightsOption, positiveNumberArg, trainerOption } from './options.js';
import { Option } from 'commander';
import { maskUrl, redisTarget } from '../distributed/url.js';
import { DEFAULT_MAX_WEIGHTS_MB } from '../distributed/weights.js';
import { stopOnSignals } from './signals.js';
import { frontierTable } from './status-command.js';

/** The flags, already checked and converted by options.ts. */
interface SearchFlags {
  name?: string;
  trials: number;
  maxCompute?: number;
  budget?: Partial<ProxyBudget>;
  workers: number;
  seed: number;
  backend: BackendName | 'auto';
  strategy: string;
  eta: number;
  resume?: boolean;
  dataDir: string;
  runsDir: string;
  trainer: TrainerKind;
  delayMs?: number;
  keepWeights: KeepWeights;
  redis?: string;
  maxWeightsMb: number;
}

export function registerSearchCommands(program: Command): void {
  program
    .command('search')
    .description('search a space for the Pareto frontier of accuracy vs params vs FLOPs (resumable)')
    .argument('<space-file>', 'search-space JSON file, e.g. search-spaces/convmixer-fmnist.json')
    .option('--name <name>', 'run name (folder under --runs-dir); default: the space file name')
    .addOption(integerOption('--trials <n>', 'new candidates evaluated at the cheapest rung (promotions come on top)', 1, SEARCH_DEFAULTS.trials))
    .addOption(
      new Option('--max-compute <tflop>', 'stop starting trainings once this many training TFLOPs (10^12 FLOPs; 3 x forward FLOPs x images, trials at every rung and fusion parents) are spent')
        .argParser(positiveNumberArg('--max-compute', 'training TFLOPs (e.g. 5 or 0.5)')),
    )
    .addOption(budgetOption('override the proxy budget of every rung: key=value pairs (epochs=2,trainSubset=3000) or JSON'))
    .addOption(integerOption('--workers <n>', 'trials trained in parallel', 1, SEARCH_DEFAULTS.workers))
    .addOption(integerOption('--seed <s>', 'random seed of the search (non-negative integer)', 0, SEARCH_DEFAULTS.seed))
    .addOption(backendOption(SEARCH_DEFAULTS.backend))
    .option('--strategy <name>', 'random|evolution|nsga2|motpe or a path to a strategy module (./my-strategy.js)', SEARCH_DEFAULTS.strategy)
    .addOption(integerOption('--eta <n>', 'successive halving rate: the best 1/eta of a rung (by Pareto rank) are promoted', 2, SEARCH_DEFAULTS.eta))
    .option('--resume', 'require an existing run and continue it (re-running the same command also resumes)')
    .option('--data-dir <dir>', "dataset folder (default: the dataset's standard place, e.g. /usr/share/datasets/fashion-mnist)", SEARCH_DEFAULTS.dataDir)
    .option('--runs-dir <dir>', 'folder holding runs', SEARCH_DEFAULTS.runsDir)
    .addOption(trainerOption('local (train in worker threads) or synthetic (dry run / testing: no training, scores made up from the architecture)', SEARCH_DEFAULTS.trainer))
    .addOption(keepWeightsOption('trained weights kept for `spin-nas export`: frontier (trials on the frontier), all or none', SEARCH_DEFAULTS.keepWeights))
    .addOption(integerOption('--delay-ms <n>', 'synthetic trainer only: milliseconds per trial', 0))
    .option('--redis <url>', 'train on `spin-nas worker` processes through this Redis (redis://:password@host:6379 or rediss://); --workers is then the number of trials queued at once')
    .addOption(integerOption('--max-weights-mb <n>', 'with --redis: largest checkpoint moved through Redis, in MiB', 1, DEFAULT_MAX_WEIGHTS_MB))
    .action(async (spaceFile: string, flags: SearchFlags) => {
      process.exitCode = await searchAction(spaceFile, flags);
    });
}

async function searchAction(spaceFile: string, flags: SearchFlags): Promise<number> {
  const redis = flags.redis === undefined ? undefined : { url: redisTarget(flags.redis).url, maxWeightsMb: flags.maxWeightsMb };
  const stop = stopOnSignals('run');
  const reporter = new Reporter(process.stdout.isTTY === true);
  try {
    const result = await runSearchSession({
      spaceFile,
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      runsDir: flags.runsDir,
      trials: flags.trials,
      ...(flags.maxCompute !== undefined ? { maxCompute: flags.maxCompute * COMPUTE_UNIT } : {}),
      workers: flags.workers,
      seed: flags.seed,
      backend: flags.backend,
      strategy: flags.strategy,
      eta: flags.eta,
      ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
      ...(flags.resume ? { resume: true } : {}),
      dataDir: flags.dataDir,
      trainer: flags.trainer,
      keepWeights: flags.keepWeights,
      onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      ...(flags.delayMs !== undefined ? { delayMs: flags.delayMs } : {}),
      ...(redis !== undefined ? { redis } : {}),
      signal: stop.signal,
      onOpen: (info) =>
        process.stdout.write(
          (info.created ? `new run ${info.dir}` : `resuming run ${info.dir} (${info.done} trials finished before)`) +
            (redis !== undefined ? `; trials go to workers through ${maskUrl(redis.url)}\n` : '\n') +
            (flags.trainer === 'synthetic' ? `${SYNTHETIC_NOTE}\n` : ''),
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
    if (outcome.budgetSpent) process.stdout.write(`stopped at the compute budget (--max-compute ${computeInWords(Number(snapshot.config['maxCompute']))}): no new training started\n`);
    process.stdout.write(
      `done: ${outcome.done} trials done, ${outcome.failed} failed; hypervolume ${outcome.hypervolume.toFixed(4)}; run saved in ${result.dir}\n` +
        `compute: ${chargeInWords(runCompute(snapshot).total)}\n`,
    );
    process.stdout.write(`${frontierTable(snapshot.trials, snapshot.frontier)}\n`);
    if (isSyntheticRun(snapshot)) process.stdout.write(`${SYNTHETIC_NOTE}\n`);
    return 0;
  } finally {
    reporter.stop();
    stop.dispose();
  }
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
    const payload = { frontier: e.frontierSize, hv: e.hypervolume.toFixed(4), compute: computeInWords(e.compute) };
    if (this.#tty) {
      if (!this.#bar) {
        this.#bar = new SingleBar({
          format: 'search [{bar}] {value}/{total} trials | ETA {eta_formatted} | frontier {frontier} | HV {hv} | {compute}',
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
          ? `acc ${((t.result?.valAccuracy ?? 0) * 100).toFixed(2)}%${t.result?.synthetic ? ' (invented)' : ''} params ${formatCompact(t.cost.params)} FLOPs ${formatCompact(t.cost.flops)}${t.infeasible ? ' (infeasible)' : ''}`
          : `FAILED: ${t.error ?? 'unknown error'}`;
      process.stdout.write(`[${e.finished}/${e.total}] ${t.id} ${what} | ${t.label} | frontier ${e.frontierSize} | HV ${payload.hv} | ${computeInWords(e.compute)}\n`);
    }
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = null;
  }
}
