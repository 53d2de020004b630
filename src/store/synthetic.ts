/**
 * Whether a run's accuracies are invented: trials scored by the synthetic trainer
 * (`--trainer synthetic`, a dry run) are marked in their result; runs stored before the mark
 * existed are known by their configured trainer. Every output of such a run says so.
 */
import type { RunSnapshot, TrialRecord } from './types.js';

export const SYNTHETIC_NOTE =
  'SYNTHETIC RUN (--trainer synthetic): the accuracies are invented from the architecture, nothing was trained; do not compare them with trained runs';

export function isSyntheticTrial(snapshot: Pick<RunSnapshot, 'config'>, trial: TrialRecord): boolean {
  if (trial.result === undefined) return false;
  return trial.result.synthetic ?? snapshot.config['trainer'] === 'synthetic';
}

/** True when any result of the run is synthetic, or the run was started with the synthetic trainer. */
export function isSyntheticRun(snapshot: Pick<RunSnapshot, 'config' | 'trials'>): boolean {
  return snapshot.config['trainer'] === 'synthetic' || snapshot.trials.some((t) => isSyntheticTrial(snapshot, t));
}
