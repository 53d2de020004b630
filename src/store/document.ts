/**
 * The JSON document a run keeps in runs/<name>/run.json: the run's whole state, written
 * atomically (temp file + rename, by lowdb's writer), so a crash leaves either the previous
 * or the next version, never a mix.
 */
import type { ObjectiveScale } from '../pareto/index.js';
import type { ProxyBudget, SearchSpace } from '../space/types.js';
import type { TrainResult } from '../train/types.js';
import type { ComputeCharge, HypervolumeRecord, TrialRecord } from './types.js';

export const RUN_FILE = 'run.json';
export const RUN_FORMAT = 'spin-nas-run';
export const RUN_VERSION = 1;

/** Which trained trial weights a run keeps: the frontier's (default), every trial's, or none. */
export type KeepWeights = 'frontier' | 'all' | 'none';

/** What a run was started with; stored once, checked on resume. */
export interface RunConfig {
  /** Built-in strategy name, or the plug-in module path as given. */
  strategy: string;
  seed: number;
  /** Number of new candidates evaluated at rung 0. */
  trials: number;
  workers: number;
  backend: string;
  /** 'local' (the trainer pool) or 'synthetic' (dry run). */
  trainer: string;
  dataDir: string;
  /** The proxy budget of every rung, cheapest first. */
  rungs: ProxyBudget[];
  /** Promotion rate: the best 1/eta of a rung (by Pareto rank) move up. */
  eta: number;
  /** How objectives are normalised for hypervolume (fixed for the run). */
  scales: ObjectiveScale[];
  /** Which trial weights are kept (free: may change on resume); absent in older runs = 'frontier'. */
  keepWeights?: KeepWeights;
  /** Training FLOPs after which no new training starts (free: may change on resume); absent = no limit. */
  maxCompute?: number;
  [key: string]: unknown;
}

/** A trained unshared parent, reused by every weight-fusion variant of its backbone. */
export interface ParentRecord {
  hash: string;
  label: string;
  state: 'done' | 'failed';
  checkpoint?: string;
  result?: TrainResult;
  error?: string;
  finishedAt: string;
  /** What training it cost (absent in older runs: derived from `result`). */
  compute?: ComputeCharge;
}

export interface StrategyRecord {
  name: string;
  /** The strategy's own state() output. */
  state: unknown;
  /** State of the seeded generator the strategy draws from. */
  rng: unknown;
}

export interface RunDocument {
  format: typeof RUN_FORMAT;
  version: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  space: SearchSpace;
  config: RunConfig;
  trials: TrialRecord[];
  strategy: StrategyRecord | null;
  parents: Record<string, ParentRecord>;
  /** The run's frontier: trials done at `frontierRung` only (older runs: mixed rungs, and no frontierRung). */
  frontier: string[];
  /** The rung (budget) the frontier and hypervolume are taken at: the highest one reached. */
  frontierRung?: number;
  /** Every rung's own frontier, lowest first (the last is `frontier`); absent in older runs. */
  rungFrontiers?: { rung: number; ids: string[] }[];
  hypervolume: HypervolumeRecord;
}
