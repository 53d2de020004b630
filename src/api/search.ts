/**
 * search(): one search run (or its resume) from code, with the CLI's options, events as
 * callbacks, and cancellation by an AbortSignal. It is runSearchSession (what
 * `spin-nas search` runs) with a space given as a file or an object, a strategy given as a
 * name, a module path or a factory, and the loop's event stream split into callbacks.
 * Aborting cancels the running trials, puts them back to pending and saves the run: the
 * same call (or `spin-nas search ... --resume`) continues it, as after Ctrl-C.
 */
import { runSearchSession, SEARCH_DEFAULTS, type SearchEvent, type TrainerKind } from '../search/index.js';
import type { StrategyFactory } from '../search/strategies/contract.js';
import type { ProxyBudget, SearchSpace } from '../space/types.js';
import { COMPUTE_UNIT, type KeepWeights, type TrialRecord } from '../store/index.js';
import type { BackendName } from '../train/types.js';
import { resolveSpace, type SpaceDefinition } from './space.js';

/** Where a search stands: trials finished (all rungs) out of the expected total. */
export interface SearchProgress {
  finished: number;
  /** Expected trials in all (new candidates plus promotions); grows as promotions are made. */
  total: number;
  frontierSize: number;
  hypervolume: number;
}

/** Progress with timing: elapsed seconds of this call and an estimate of the rest. */
export interface SearchProgressEta extends SearchProgress {
  elapsedSeconds: number;
  /**
   * Estimated seconds left: this call's mean time per finished trial times the trials left
   * (null before this call finished a trial). An estimate: trials differ in cost.
   */
  etaSeconds: number | null;
}

export interface SearchOptions {
  /** A space file (e.g. search-spaces/convmixer-fmnist.json), or a space object (see defineSpace). */
  space: string | SpaceDefinition | SearchSpace;
  /** Run name (folder under runsDir); default: the space file's name, or the space's `name`. */
  name?: string;
  /** Folder holding runs (default 'runs'). */
  runsDir?: string;
  /** New candidates evaluated at the cheapest rung (default 24; promotions come on top). */
  trials?: number;
  /**
   * Stop starting trainings once the run has spent this many training TFLOPs (10^12 FLOPs:
   * 3 x forward FLOPs x images, trials at every rung and fusion parents), as `--max-compute`.
   */
  maxCompute?: number;
  /** Overrides the proxy budget of every rung (e.g. { epochs: 1, trainSubset: 500 }). */
  budget?: Partial<ProxyBudget>;
  /** Trials trained in parallel (default 2). */
  workers?: number;
  /** Random seed of the search (default 0). */
  seed?: number;
  /** Training backend (default 'auto'). */
  backend?: BackendName | 'auto';
  /** 'random' | 'evolution' | 'nsga2' (default) | 'motpe', a path to a strategy module, or a factory (see defineStrategy). */
  strategy?: string | StrategyFactory;
  /** How a factory strategy is named in the run store (default: the function's name, else 'custom'); resuming needs the same name. */
  strategyName?: string;
  /** Successive halving rate (default 3). */
  eta?: number;
  /** Require an existing run and continue it (running the same search again also resumes). */
  resume?: boolean;
  /** Dataset folder (default: the dataset's standard place). */
  dataDir?: string;
  /** 'local' (train in worker threads, default) or 'synthetic' (no training: scores made up, for dry runs and tests). */
  trainer?: TrainerKind;
  /** Trained weights kept for export: 'frontier' (default), 'all' or 'none'. */
  keepWeights?: KeepWeights;
  /** Synthetic trainer only: milliseconds per trial. */
  delayMs?: number;
  /** Train on `spin-nas worker` processes through this Redis instead of here. */
  redis?: { url: string; maxWeightsMb?: number };
  /** Aborting stops the search cleanly; the run stays resumable. */
  signal?: AbortSignal;
  /** Non-fatal problems (e.g. weights that could not be deleted); default: ignored. */
  onWarning?: (message: string) => void;
  /** The run is open, before the first trial; `done`: trials finished by earlier calls. */
  onOpen?: (info: { dir: string; created: boolean; total: number; done: number }) => void;
  /** A trial started training (a copy of its record). */
  onTrialStarted?: (trial: TrialRecord, progress: SearchProgress) => void;
  /** A trial finished: `trial.state` is 'done' (with `result`) or 'failed' (with `error`). */
  onTrialFinished?: (trial: TrialRecord, progress: SearchProgress) => void;
  /** A trial done at `from.rung` was promoted: `trial` is its new record at the next rung. */
  onPromoted?: (trial: TrialRecord, from: TrialRecord) => void;
  /** The run's Pareto frontier changed: the ids of its trials, and the new hypervolume. */
  onFrontierChanged?: (frontier: string[], hypervolume: number) => void;
  /** After every finished trial: counts, frontier size, hypervolume and an ETA. */
  onProgress?: (progress: SearchProgressEta) => void;
  /** Every raw event of the search loop, for callers that prefer one stream. */
  onEvent?: (event: SearchEvent) => void;
}

export interface SearchResult {
  /** The run folder (open it with openRun). */
  dir: string;
  name: string;
  /** True when the signal stopped the search: call search again (or pass resume) to continue. */
  interrupted: boolean;
  /** The strategy kept proposing known architectures: the space (or strategy) ran out. */
  exhausted: boolean;
  done: number;
  failed: number;
  finished: number;
  total: number;
  frontierSize: number;
  hypervolume: number;
}

/** The keys of SearchOptions that match a `spin-nas search` flag (a test keeps both in step). */
export const SEARCH_OPTION_KEYS = [
  'space', 'name', 'runsDir', 'trials', 'maxCompute', 'budget', 'workers', 'seed', 'backend', 'strategy', 'eta', 'resume',
  'dataDir', 'trainer', 'keepWeights', 'delayMs', 'redis',
] as const satisfies readonly (keyof SearchOptions)[];

/** Defaults of the options (those of `spin-nas search`). */
export const SEARCH_OPTION_DEFAULTS: Readonly<typeof SEARCH_DEFAULTS> = Object.freeze({ ...SEARCH_DEFAULTS });

/** Runs (or resumes) a search; resolves when it completes, is aborted, or the space is exhausted. */
export async function search(options: SearchOptions): Promise<SearchResult> {
  const space = resolveSpace(options.space);
  const factory = typeof options.strategy === 'function' ? options.strategy : undefined;
  const strategy = typeof options.strategy === 'function' ? (options.strategyName ?? (options.strategy.name || 'custom')) : options.strategy;
  const started = Date.now();
  let finishedBefore: number | null = null;
  const copy = (trial: TrialRecord): TrialRecord => structuredClone(trial);
  const progressOf = (e: SearchProgress): SearchProgress => ({ finished: e.finished, total: e.total, frontierSize: e.frontierSize, hypervolume: e.hypervolume });
  const onEvent = (event: SearchEvent): void => {
    options.onEvent?.(event);
    switch (event.type) {
      case 'started':
        options.onTrialStarted?.(copy(event.trial), progressOf(event));
        return;
      case 'finished':
      case 'failed': {
        options.onTrialFinished?.(copy(event.trial), progressOf(event));
        const elapsedSeconds = (Date.now() - started) / 1000;
        const here = event.finished - (finishedBefore ?? 0);
        const etaSeconds = here > 0 ? (elapsedSeconds / here) * Math.max(0, event.total - event.finished) : null;
        options.onProgress?.({ ...progressOf(event), elapsedSeconds, etaSeconds });
        return;
      }
      case 'promoted':
        options.onPromoted?.(copy(event.trial), copy(event.from));
        return;
      case 'frontier':
        options.onFrontierChanged?.([...event.frontier], event.hypervolume);
        return;
      case 'exhausted':
        return;
    }
  };
  const result = await runSearchSession({
    spaceFile: space.file,
    space,
    name: options.name ?? (typeof options.space === 'string' ? undefined : space.name.replace(/[^\w.-]+/g, '-')),
    runsDir: options.runsDir,
    trials: options.trials,
    ...(options.maxCompute !== undefined ? { maxCompute: options.maxCompute * COMPUTE_UNIT } : {}),
    workers: options.workers,
    seed: options.seed,
    backend: options.backend,
    strategy,
    ...(factory ? { strategyFactory: factory } : {}),
    budget: options.budget,
    eta: options.eta,
    resume: options.resume,
    dataDir: options.dataDir,
    trainer: options.trainer,
    keepWeights: options.keepWeights,
    delayMs: options.delayMs,
    redis: options.redis,
    signal: options.signal,
    onWarning: options.onWarning,
    onOpen: (info) => {
      finishedBefore = info.done;
      options.onOpen?.(info);
    },
    onEvent,
  });
  const { outcome } = result;
  return {
    dir: result.dir,
    name: result.name,
    interrupted: outcome.interrupted,
    exhausted: outcome.exhausted,
    done: outcome.done,
    failed: outcome.failed,
    finished: outcome.finished,
    total: outcome.total,
    frontierSize: outcome.frontierSize,
    hypervolume: outcome.hypervolume,
  };
}
