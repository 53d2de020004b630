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
import { checkDataset } from '../data/index.js';
import { checkRungs, loadSpace } from '../space/index.js';
import type { ProxyBudget, SearchSpace } from '../space/types.js';
import { RunStore, readRunDocument, type KeepWeights, type RunConfig } from '../store/index.js';
import type { BackendName, TrainRequest } from '../train/types.js';
import { runSearchLoop, type SearchEvent, type SearchOutcome } from './loop.js';
import { objectiveScales, spaceProblem } from './problem.js';
import { makeRng } from '../util/random.js';
import { rungBudgets } from './rungs.js';
import { StrategyError, type Strategy, type StrategyFactory } from './strategies/contract.js';
import { checkStrategy, resolveStrategy } from './strategies/registry.js';

export type TrainerKind = 'local' | 'synthetic';

export interface SearchSessionOptions {
  spaceFile: string;
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
  const space: SearchSpace = loadSpace(o.spaceFile);
  const rungs = rungBudgets(space.budget, o.budget ?? {});
  if (o.budget && Object.keys(o.budget).length > 0) checkOverriddenRungs(space, rungs, o.budget);
  const name = o.name ?? defaultRunName(o.spaceFile);
  if (!/^[\w.-]+$/.test(name)) throw new UsageError(`--name: got ${JSON.stringify(name)}; use letters, digits, '.', '_' or '-'`);
  const dir = join(o.runsDir, name);
  const factory = options.strategyFactory ?? (await resolveStrategy(o.strategy));
  // Real training needs a backend that loads and the data: stop now rather than fail every trial.
  // (With --redis the workers check their own backend and copy of the data.)
  if (!o.executor && !o.redis && o.trainer === 'local') {
    const { resolveBackend } = await import('../backend/index.js');
    resolveBackend(o.backend);
    checkDataset(space.dataset.name, o.dataDir);
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
  let store: RunStore | null = null;
  try {
    store = await RunStore.open({
      dir,
      name,
      space,
      config,
      reference: problem.scales.map(() => 1.1),
      normalisation: problem.normalisation,
      ...(o.resume ? { resume: true } : {}),
    });
    const saved = store.data.strategy;
    const rng = makeRng(o.seed, saved?.rng);
    let strategy: Strategy;
    try {
      strategy = checkStrategy(o.strategy, factory({ ops: problem.ops, rng, objectives: problem.objectives.length, options: strategyOptions(trials) }));
      if (saved) strategy.restore(saved.state);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new StrategyError(`strategy ${o.strategy} failed to start: ${(error as Error).message}`, { cause: error });
    }
    const data = { dataset: space.dataset.name, dir: o.dataDir };
    const distributed = o.redis
      ? await openDistributed(o.redis, store, { dataset: data.dataset, trainer: o.trainer, backend: o.backend, onWarning: o.onWarning })
      : null;
    executor ??= distributed!;
    const finished = store.data.trials.filter((t) => t.state === 'done' || t.state === 'failed').length;
    o.onOpen?.({ dir, created: store.created, total: trials, done: finished });
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
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    });
    // A complete run clears its jobs from Redis; an interrupted one leaves them for the resume.
    if (distributed && !outcome.interrupted) await distributed.finish();
    return { dir, name, outcome };
  } finally {
    if (!o.executor) await executor?.close();
    await store?.close();
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
  o: { dataset: string; trainer: TrainerKind; backend: BackendName | 'auto'; onWarning: ((message: string) => void) | undefined },
): Promise<RedisExecutor> {
  const { RedisExecutor } = await import('../distributed/executor.js');
  const { runIdOf } = await import('../distributed/names.js');
  return RedisExecutor.open({
    redis: redis.url,
    runId: runIdOf(store.data.name, store.data.createdAt),
    dataset: o.dataset,
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
  const list = rungs.map((budget, i) => ({ field: rungs.length > 1 ? `budget.rungs[${i}]` : 'budget', budget, shown: budget }));
  try {
    checkRungs(space.file, space.dataset.name, list);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const text = Object.entries(flag).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
    throw new UsageError(`--budget ${text}: with it, ${error.message}`);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
