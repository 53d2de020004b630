/** The search loop's contract: its options, the progress it reports, its events and outcome. */
import type { Executor } from '../executor/contract.js';
import type { ProxyBudget } from '../space/types.js';
import type { KeepWeights, RunStore } from '../store/index.js';
import type { TrialRecord } from '../store/types.js';
import type { BackendName, TrainRequest } from '../train/types.js';
import type { SeededRng } from '../util/random.js';
import type { SearchProblem } from './problem.js';
import type { Strategy } from './strategies/contract.js';
import type { GuardedStrategy } from './strategies/guard.js';

export interface SearchLoopOptions {
  store: RunStore;
  problem: SearchProblem;
  /** A built-in strategy, or a plug-in behind its guard (whose methods may be async). */
  strategy: Strategy | GuardedStrategy;
  /** How the strategy was named (built-in name or plug-in path), for error messages. */
  strategyLabel: string;
  rng: SeededRng;
  executor: Executor;
  rungs: ProxyBudget[];
  eta: number;
  /** New candidates to evaluate at rung 0 (in total over the run, including earlier processes). */
  trials: number;
  /**
   * Training FLOPs (trials at every rung and fusion parents, over the whole run) after which
   * no new training starts; the trainings in flight finish and are charged too.
   */
  maxCompute?: number;
  workers: number;
  seed: number;
  backend: BackendName;
  data: TrainRequest['data'];
  /** Which trained trial weights to keep (default 'frontier'). */
  keepWeights?: KeepWeights;
  /** Non-fatal problems (e.g. a checkpoint folder that could not be deleted). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  onEvent?: (event: SearchEvent) => void;
}

export interface SearchProgress {
  finished: number;
  total: number;
  frontierSize: number;
  hypervolume: number;
  /** Training FLOPs charged to the run so far (trials and fusion parents). */
  compute: number;
}

export type SearchEvent =
  | ({ type: 'started' | 'finished' | 'failed'; trial: TrialRecord } & SearchProgress)
  /** A trial done at `from.rung` moved up: `trial` is its new record at the next rung (started next). */
  | ({ type: 'promoted'; trial: TrialRecord; from: TrialRecord } & SearchProgress)
  /** The run's frontier (the top rung's) changed: `frontier` lists its trial ids. */
  | ({ type: 'frontier'; frontier: string[] } & SearchProgress)
  | ({ type: 'exhausted' } & SearchProgress);

export interface SearchOutcome extends SearchProgress {
  interrupted: boolean;
  /** The strategy kept proposing known genomes: the space (or the strategy) ran out. */
  exhausted: boolean;
  /** The run stopped at its compute budget (`maxCompute`). */
  budgetSpent: boolean;
  done: number;
  failed: number;
}
