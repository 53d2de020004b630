/**
 * One search invocation, end to end: load the space, open (or resume) the run store, set up
 * the strategy (restored from the store when resuming) and the executor, run the loop,
 * close everything. The CLI and the benchmarks call this.
 */
import { basename, extname, join } from 'node:path';
import { InputFileError, UsageError } from '../errors.js';
import type { RedisExecutor } from '../distributed/executor.js';
import type { Executor } from '../executor/contract.js';
import { SyntheticExecutor } from '../executor/synthetic.js';
import { checkDataset, prepareOwnDataset } from '../data/index.js';
import { checkRungs, loadSpace } from '../space/index.js';
import type { ProxyBudget, SearchSpace } from '../space/types.js';
import { RunStore, checkCompatible, checkGenomes, readRunDocument, runFile, type KeepWeights, type RunConfig, type StrategyRecord } from '../store/index.js';
import type { BackendName, TrainRequest } from '../train/types.js';
import { runSearchLoop, type SearchEvent, type SearchOutcome } from './loop.js';
import { objectiveScales, spaceProblem } from './problem.js';
import { makeRng, type SeededRng } from '../util/random.js';
import { rungBudgets } from './rungs.js';
import { StrategyError, type Strategy, type StrategyFactory } from './strategies/contract.js';
import { checkStrategy, isPluginSpec, resolveStrategy } from './strategies/registry.js';
import { GuardedStrategy } from './strategies/guard.js';
import { trapProcessExit } from '../util/exit.js';
import { asMachineFault } from '../util/machine-fault.js';

export type TrainerKind = 'local' | 'synthetic';

export interface SearchSessionOptions {
  spaceFile: string;
  /** The space already parsed (the library's search() takes an object); default: loaded from spaceFile. */
  space?: SearchSpace;
  /** Run name; default: the space file's name without extension. */
  name?: string;
  runsDir?: string;
  trials?: number;
  /** Training FLOPs after which no new training starts (trials at every rung and fusion parents). */
  maxCompute?: number;
  workers?: number;
  seed?: number;
  backend?: BackendName | 'auto';
  strategy?: string;
  budget?: Partial<ProxyBudget>;
  eta?: number;
  resume?: boolean;
  dataDir?: string;
  trainer?: TrainerKind;
  /** Which trained trial weights the run keeps (default 'frontier'; may change on resume). */
  keepWeights?: KeepWeights;
  /** Non-fatal problems met while searching (e.g. weights that could not be deleted). */
  onWarning?: (message: string) => void;
  /** Synthetic trainer only: milliseconds per trial. */
  delayMs?: number;
  /** Overrides the executor (tests, benchmarks, studies sharing one pool). */
  executor?: Executor;
  /** Train on `spin-nas worker` processes through Redis instead of here (see src/distributed). */
  redis?: { url: string; maxWeightsMb?: number };
  /** Adjusts every request before it is submitted (a study's per-unit data subset and test set). */
  mapRequest?: (request: TrainRequest) => TrainRequest;
  /** Overrides strategy resolution (e.g. a study's fixed list); `strategy` still names it in the store. */
  strategyFactory?: StrategyFactory;
  /** Time limit of one async call of a strategy plug-in's method (default 30 s). */
  pluginTimeLimitMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: SearchEvent) => void;
  /** Called once the run is open, before the first trial. */
  onOpen?: (info: { dir: string; created: boolean; total: number; done: number }) => void;
}

export const SEARCH_DEFAULTS = {
  runsDir: 'runs',
  trials: 24,
  workers: 2,
  seed: 0,
  backend: 'auto' as const,
  strategy: 'nsga2',
  eta: 3,
  /** Empty: the dataset's standard location (Fashion-MNIST: /usr/share/datasets/fashion-mnist). */
  dataDir: '',
  trainer: 'local' as TrainerKind,
  keepWeights: 'frontier' as KeepWeights,
};

export interface SearchSessionResult {
  dir: string;
  name: string;
  outcome: SearchOutcome;
}

export function defaultRunName(spaceFile: string): string {
  return basename(spaceFile, extname(spaceFile));
}

function strategyOptions(trials: number): Record<string, unknown> {
  // Populations of about half the run (8 to 20) did best on the sharing-space benchmark.
  return { population: Math.max(8, Math.min(20, Math.round(trials / 2))) };
}

export async function runSearchSession(options: SearchSessionOptions): Promise<SearchSessionResult> {
  const o = { ...SEARCH_DEFAULTS, ...definedOnly(options), spaceFile: options.spaceFile };
  // Counts, seed, backend, trainer and keepWeights are checked where they enter: the CLI
  // flags (cli/options.ts) and the study file (study/parse.ts).
  const { trials, workers, eta } = o;
  const space: SearchSpace = options.space ?? loadSpace(o.spaceFile);
  const rungs = rungBudgets(space.budget, o.budget ?? {});
  if (o.budget && Object.keys(o.budget).length > 0) checkOverriddenRungs(space, rungs, o.budget);
  const name = o.name ?? defaultRunName(o.spaceFile);
  if (!/^[\w.-]+$/.test(name)) throw new UsageError(`--name: got ${JSON.stringify(name)}; use letters, digits, '.', '_' or '-'`);
  const dir = join(o.runsDir, name);
  const factory = options.strategyFactory ?? (await resolveStrategy(o.strategy));
  // Your own data is decoded (or found decoded) now, and the budgets checked against it:
  // bad data stops here, before the run store is written.
  const own = space.dataset.source ? prepareOwnDataset(space, (facts) => checkRungs(space.file, space.dataset.name, rungEntries(rungs), facts.trainImages)) : null;
  // Real training needs a backend that loads and the data: stop now rather than fail every trial.
  // (With --redis the workers check their own backend and copy of the data.)
  if (!o.executor && !o.redis && o.trainer === 'local') {
    const { resolveBackend } = await import('../backend/index.js');
    resolveBackend(o.backend);
    if (!own) checkDataset(space.dataset.name, o.dataDir);
  }

  // Scales are fixed by the first process of a run, so the hypervolume curve stays comparable.
  const existing = await readRunDocument(dir);
  const scales = existing?.config.scales ?? objectiveScales(space);
  const problem = spaceProblem(space, scales);
  let executor: Executor | null = o.executor ?? (o.redis ? null : await makeExecutor(o.trainer, o.backend, workers, o.delayMs));
  const resolved = executor !== null && 'backend' in executor ? (executor.backend as BackendName | undefined) : undefined;
  const backend: BackendName = resolved ?? (o.backend === 'auto' ? 'cpu' : o.backend);
  const config: RunConfig = {
    strategy: o.strategy,
    seed: o.seed,
    trials,
    workers,
    backend: o.backend,
    trainer: o.executor ? o.executor.name : o.trainer,
    dataDir: o.dataDir,
    rungs,
    eta,
    scales,
    keepWeights: o.keepWeights,
    ...(o.maxCompute !== undefined ? { maxCompute: o.maxCompute } : {}),
  };
  // The strategy is made and restored from the stored state before anything is written: a
  // plug-in whose restore() throws refuses the command with run.json untouched. A plug-in
  // (a user's module) runs behind its guard: async methods, storable values, process.exit.
  const plugin = options.strategyFactory === undefined && isPluginSpec(o.strategy);
  const startStrategy = async (saved: StrategyRecord | null): Promise<{ strategy: Strategy | GuardedStrategy; rng: SeededRng }> => {
    const rng = makeRng(o.seed, saved?.rng);
    try {
      const made = checkStrategy(o.strategy, factory({ ops: problem.ops, rng, objectives: problem.objectives.length, options: strategyOptions(trials) }));
      const strategy = plugin ? new GuardedStrategy(o.strategy, made, definedOnly({ timeLimitMs: options.pluginTimeLimitMs })) : made;
      if (saved) await strategy.restore(saved.state);
      return { strategy, rng };
    } catch (error) {
      if (error instanceof UsageError || error instanceof StrategyError) throw new StrategyError(`${error.message}; the run was left untouched`, { cause: error });
      throw new StrategyError(`strategy ${o.strategy} failed to start: ${(error as Error).message}; the run was left untouched`, { cause: error });
    }
  };
  let store: RunStore | null = null;
  let searching = false;
  let failed = false;
  let untrap = (): void => undefined;
  const stop = new AbortController();
  const forward = (): void => stop.abort();
  if (o.signal?.aborted) stop.abort();
  o.signal?.addEventListener('abort', forward, { once: true });
  try {
    // Flags against the stored run first, then the plug-in's restore: both before any write.
    if (existing) {
      checkCompatible(dir, existing, { space, config });
      checkGenomes(runFile(dir), existing.space, existing.trials);
    }
    let started = await startStrategy(existing?.strategy ?? null);
    store = await RunStore.open({
      dir,
      name,
      space,
      config,
      reference: problem.scales.map(() => 1.1),
      normalisation: problem.normalisation,
      ...(o.resume ? { resume: true } : {}),
    });
    // Another process may have written the run between the first read and the lock.
    if (JSON.stringify(store.data.strategy) !== JSON.stringify(existing?.strategy ?? null)) started = await startStrategy(store.data.strategy);
    const { strategy, rng } = started;
    // A plug-in's process.exit() stops the search cleanly (the run saved), then is reported.
    if (strategy instanceof GuardedStrategy) {
      untrap = trapProcessExit((code) => {
        stop.abort();
        strategy.exitCalled(code);
      });
    }
    const data: TrainRequest['data'] = own ? { dataset: space.dataset.name, dir: own.dir, hash: own.hash } : { dataset: space.dataset.name, dir: o.dataDir };
    const distributed = o.redis
      ? await openDistributed(o.redis, store, { dataset: data.dataset, dataHash: data.hash, trainer: o.trainer, backend: o.backend, onWarning: o.onWarning })
      : null;
    executor ??= distributed!;
    const finished = store.data.trials.filter((t) => t.state === 'done' || t.state === 'failed').length;
    o.onOpen?.({ dir, created: store.created, total: trials, done: finished });
    searching = true;
    const outcome = await runSearchLoop({
      store,
      problem,
      strategy,
      strategyLabel: o.strategy,
      rng,
      executor: o.mapRequest ? mappedExecutor(executor, o.mapRequest) : executor,
      rungs,
      eta,
      trials,
      ...(o.maxCompute !== undefined ? { maxCompute: o.maxCompute } : {}),
      // Never more trials in flight than the executor trains at once (they would only queue).
      workers: Math.min(workers, executor.capacity),
      seed: o.seed,
      backend,
      data,
      keepWeights: o.keepWeights,
      ...(o.onWarning ? { onWarning: o.onWarning } : {}),
      signal: stop.signal,
      ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    });
    // A complete run clears its jobs from Redis; an interrupted one leaves them for the resume.
    if (distributed && !outcome.interrupted) await distributed.finish();
    const exited = strategy instanceof GuardedStrategy ? strategy.exitReport : null;
    if (exited !== null) {
      throw new StrategyError(`strategy ${o.strategy} ${exited}; the search was stopped and the run saved in ${dir}: fix the plug-in (a strategy returns or throws, never ends the process) and run the same command to resume`);
    }
    return { dir, name, outcome };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    untrap();
    o.signal?.removeEventListener('abort', forward);
    if (!o.executor) await executor?.close();
    // Refused before the search began: nothing changed, so nothing is written.
    if (searching) {
      // A close that fails after another error (the disk is still full) must not hide that error.
      await store?.close().catch((error: unknown) => {
        if (!failed) throw asMachineFault(error, `while writing ${store?.file ?? dir}`) ?? error;
      });
    } else store?.release();
  }
}

/** `executor` with every request passed through `map` first; closing it closes nothing. */
function mappedExecutor(executor: Executor, map: (request: TrainRequest) => TrainRequest): Executor {
  return {
    name: executor.name,
    capacity: executor.capacity,
    submit: (request) => executor.submit(map(request)),
    close: () => Promise.resolve(),
  };
}

/** The distributed executor for this run (BullMQ is loaded only by runs that use it). */
async function openDistributed(
  redis: { url: string; maxWeightsMb?: number },
  store: RunStore,
  o: { dataset: string; dataHash: string | undefined; trainer: TrainerKind; backend: BackendName | 'auto'; onWarning: ((message: string) => void) | undefined },
): Promise<RedisExecutor> {
  const { RedisExecutor } = await import('../distributed/executor.js');
  const { runIdOf } = await import('../distributed/names.js');
  return RedisExecutor.open({
    redis: redis.url,
    runId: runIdOf(store.data.name, store.data.createdAt),
    dataset: o.dataset,
    ...(o.dataHash !== undefined ? { dataHash: o.dataHash } : {}),
    trainer: o.trainer,
    backend: o.backend,
    ...(redis.maxWeightsMb !== undefined ? { maxWeightsMb: redis.maxWeightsMb } : {}),
    ...(o.onWarning ? { onWarning: o.onWarning } : {}),
  });
}

/** The local executor is imported lazily: dry runs never load TensorFlow.js or worker code. */
async function makeExecutor(trainer: TrainerKind, backend: BackendName | 'auto', workers: number, delayMs: number | undefined): Promise<Executor> {
  if (trainer === 'synthetic') return new SyntheticExecutor({ delayMs: delayMs ?? 0 });
  const { LocalExecutor } = await import('../executor/local.js');
  return new LocalExecutor({ backend, workers });
}

/** `--budget` overrides every rung: the result must still fit the dataset and grow rung by rung. */
function checkOverriddenRungs(space: SearchSpace, rungs: ProxyBudget[], flag: Partial<ProxyBudget>): void {
  try {
    checkRungs(space.file, space.dataset.name, rungEntries(rungs), space.dataset.source ? Infinity : undefined);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const text = Object.entries(flag).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
    throw new UsageError(`--budget ${text}: with it, ${error.message}`);
  }
}

/** The rungs as the space states them, for checkRungs. */
function rungEntries(rungs: ProxyBudget[]): { field: string; budget: ProxyBudget; shown: ProxyBudget }[] {
  return rungs.map((budget, i) => ({ field: rungs.length > 1 ? `budget.rungs[${i}]` : 'budget', budget, shown: budget }));
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
