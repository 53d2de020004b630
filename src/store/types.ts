/**
 * What the run store keeps about each trial. The store is the single source of truth
 * about every trial's state; executors and strategies never keep their own copy.
 */
import type { Cost } from '../arch/types.js';
import type { Genome, SearchSpace } from '../space/types.js';
import type { ParentRecord } from './document.js';
import type { BackendName, TrainResult } from '../train/types.js';

export type TrialState = 'pending' | 'running' | 'done' | 'failed';

export interface TrialRecord {
  /** Stable id, e.g. "t0007-r0". */
  id: string;
  /** Sequence number in the order trials were created. */
  number: number;
  genome: Genome;
  /** Stable hash of the canonical genome. (hash, rung) is unique within a run. */
  hash: string;
  /** Multi-fidelity rung (0 = cheapest proxy budget). */
  rung: number;
  state: TrialState;
  seed: number;
  /** Human-readable description of the architecture. */
  label: string;
  cost: Cost;
  /** Violates the space's constraints: kept and marked, never on the frontier. */
  infeasible: boolean;
  /** Set when done. */
  result?: TrainResult;
  /** Set when failed: the error message. */
  error?: string;
  /**
   * When the run deleted this trial's trained weights (`--keep-weights`: the trial left, or
   * never reached, the frontier); `result.checkpoint` still says where they were.
   */
  weightsDeleted?: string;
  backend?: BackendName;
  /** Which machine and process trained it (set when it finished; absent in older runs). */
  worker?: TrialWorker;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Strategy bookkeeping (e.g. generation number), opaque to the store. */
  meta?: Record<string, unknown>;
  /**
   * What training this trial cost, over every attempt (a failed one, one lost with a worker
   * and trained again); absent in older runs (then derived from `result`, see compute.ts).
   */
  compute?: ComputeCharge;
  /**
   * The fusion parent training this trial waited for and started (the first trial of its
   * backbone): reported to the strategy with the trial, counted once in the run's total
   * under `parents`, not here.
   */
  parentCompute?: ComputeCharge;
}

/**
 * The cost of one or more trainings. `flops` are training FLOPs: 3 x the forward FLOPs of
 * one image x images seen (forward, and a backward pass counted as twice the forward).
 */
export interface ComputeCharge {
  /** Training images seen (epochs x subset, or as measured). */
  images: number;
  /** Training FLOPs. */
  flops: number;
  /** Seconds the trainer spent (wall time of each attempt, summed). */
  seconds: number;
  /** Trainings charged (attempts, including failed and lost ones). */
  trainings: number;
  /** Of them, trainings whose images were not measured but taken from the budget (failed or lost attempts). */
  estimated?: number;
}

/** The process that trained a trial: the local pool's or a distributed worker's. */
export interface TrialWorker {
  host: string;
  pid: number;
  backend: BackendName;
  /** A distributed worker's id (absent for the search process's own pool). */
  id?: string;
}

/** One point of the hypervolume-over-trials curve. */
export interface HypervolumePoint {
  /** Number of finished trials when it was measured. */
  trials: number;
  value: number;
  /** The rung whose frontier it measured (absent in older runs, whose frontier mixed rungs). */
  rung?: number;
  /** Training FLOPs charged to the run so far (trials and fusion parents); absent in older runs. */
  compute?: number;
}

/** The run's current hypervolume and its curve over finished trials. */
export interface HypervolumeRecord {
  value: number;
  /** Reference point in normalised objective space, and how objectives were normalised. */
  reference: number[];
  normalisation: string;
  history: HypervolumePoint[];
}

/**
 * A read-only view of a run, as reports and `status` consume it. Works on a run still in
 * progress (no lock is taken) and on one with failed trials.
 */
export interface RunSnapshot {
  /** The run folder, e.g. runs/convmixer-fmnist. */
  dir: string;
  name: string;
  /** The search space the run was started with (as parsed from the space file). */
  space: SearchSpace;
  /** Run configuration: strategy name, seed, trials, workers, backend, budget rungs... */
  config: Record<string, unknown>;
  trials: TrialRecord[];
  /** Ids of the trials on the current Pareto frontier: feasible, done at `frontierRung` (older runs: highest rung per hash, mixed). */
  frontier: string[];
  /** The rung the frontier is taken at; absent in older runs. */
  frontierRung?: number;
  /** Every rung's own frontier, lowest first; absent in older runs. */
  rungFrontiers?: { rung: number; ids: string[] }[];
  hypervolume: HypervolumeRecord;
  /**
   * Weight-fusion parents trained during the run (unshared backbones, keyed by their hash),
   * with their checkpoints under <dir>/checkpoints/<hash>/. They are not trials.
   */
  parents?: Record<string, ParentRecord>;
}
