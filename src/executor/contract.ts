/**
 * The executor seam: how the search gets trials trained. An executor accepts a trial
 * (a TrainRequest), later settles its handle with the result or the failure, and can cancel
 * it. It keeps no state about trials beyond the ones in flight: the run store is the single
 * source of truth, so a distributed executor can replace the local pool without changing
 * the search.
 */
import type { TrialWorker } from '../store/types.js';
import type { TrainRequest, TrainResult } from '../train/types.js';

export interface TrialHandle {
  /** Settles with the trial's result, or rejects (TrialCancelled after cancel()). */
  readonly result: Promise<TrainResult>;
  /** Stops the trial as soon as possible; its result then rejects with TrialCancelled. */
  cancel(): void;
}

export interface Executor {
  readonly name: string;
  /** How many trials it trains at once (more submissions wait in its queue). */
  readonly capacity: number;
  submit(request: TrainRequest): TrialHandle;
  /** Releases workers; pending trials are cancelled. */
  close(): Promise<void>;
}

/** The rejection of a cancelled trial (not a failure: the trial goes back to pending). */
export class TrialCancelled extends Error {
  constructor(trialId: string) {
    super(`trial ${trialId} was cancelled`);
    this.name = 'TrialCancelled';
  }
}

/** The process that trained (or failed) a trial, as executors report it with the outcome. */
export type TrainedBy = TrialWorker;

const WORKER = Symbol('trainedBy');

/** Marks a trial's failure with the process where it failed (the store shows it). */
export function withWorker<E>(error: E, worker: TrainedBy): E {
  if (error !== null && typeof error === 'object') (error as Record<symbol, unknown>)[WORKER] = worker;
  return error;
}

export function workerOf(error: unknown): TrainedBy | undefined {
  return error !== null && typeof error === 'object' ? ((error as Record<symbol, unknown>)[WORKER] as TrainedBy | undefined) : undefined;
}
