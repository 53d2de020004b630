/**
 * The executor seam: how the search gets trials trained. An executor accepts a trial
 * (a TrainRequest), later settles its handle with the result or the failure, and can cancel
 * it. It keeps no state about trials beyond the ones in flight: the run store is the single
 * source of truth, so a distributed executor can replace the local pool without changing
 * the search.
 */
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
