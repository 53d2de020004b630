/**
 * What the run store keeps about each trial. The store is the single source of truth
 * about every trial's state; executors and strategies never keep their own copy.
 */
import type { Cost } from '../arch/types.js';
import type { Genome } from '../space/types.js';
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
  backend?: BackendName;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Strategy bookkeeping (e.g. generation number), opaque to the store. */
  meta?: Record<string, unknown>;
}
