/**
 * Which trial `spin-nas export` may export, and where its weights are: checked before any
 * TensorFlow.js work, with errors that say why and what to do. Pure apart from `existsSync`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunStoreError, UsageError } from '../errors.js';
import { checkpointCandidates } from '../store/containment.js';
import type { RunSnapshot, TrialRecord } from '../store/types.js';

export const KEEP_WEIGHTS_HINT =
  'a run keeps the trained weights of its frontier trials only (by default, `--keep-weights frontier`), so export a trial ' +
  'of the frontier (`spin-nas report <run>` lists them), or run `spin-nas search` with `--keep-weights all` to keep every trial\'s weights';

export interface Exportable {
  trial: TrialRecord;
  /** The checkpoint directory, resolved (holds model.json + weights.bin). */
  checkpoint: string;
}

/** Finds a trial by id (or by its number, e.g. "7" or "t0007") and checks it has saved weights. */
export function findExportable(snapshot: RunSnapshot, wanted: string): Exportable {
  const trial = findTrial(snapshot, wanted);
  if (trial.state !== 'done' || trial.result === undefined) {
    const why = trial.state === 'failed' ? `failed (${firstLine(trial.error ?? 'no error recorded')})` : `${trial.state}, not finished`;
    throw new UsageError(
      `${snapshot.dir}: trial ${trial.id} is ${why}; only a finished trial has trained weights. ` +
        `Pick a finished trial of the frontier: ${frontierHint(snapshot)}`,
    );
  }
  const saved = trial.result.checkpoint;
  if (trial.weightsDeleted !== undefined) {
    throw new UsageError(
      `${snapshot.dir}: the weights of trial ${trial.id} were deleted (${trial.weightsDeleted}) because it was not on the frontier; ` +
        `${KEEP_WEIGHTS_HINT}. Frontier trials: ${frontierHint(snapshot)}`,
    );
  }
  if (saved === undefined || saved === '') {
    const onFrontier = snapshot.frontier.includes(trial.id);
    throw new UsageError(
      onFrontier
        ? `${snapshot.dir}: trial ${trial.id} is on the frontier but the run kept no weights for it ` +
            '(it ran with `--keep-weights none`, or was made by a version that did not keep them); ' +
            'train it again in a run that keeps the weights of its frontier trials (the default)'
        : `${snapshot.dir}: trial ${trial.id} has no saved weights (it is not on the frontier); ${KEEP_WEIGHTS_HINT}. ` +
            `Frontier trials: ${frontierHint(snapshot)}`,
    );
  }
  const checkpoint = resolveCheckpoint(snapshot.dir, saved);
  if (checkpoint === null) {
    throw new UsageError(
      `${snapshot.dir}: the weights of trial ${trial.id} were saved to ${saved}, but no model.json is there any more ` +
        '(moved or deleted); train the trial again or restore that folder',
    );
  }
  return { trial, checkpoint };
}

function findTrial(snapshot: RunSnapshot, wanted: string): TrialRecord {
  const exact = snapshot.trials.find((t) => t.id === wanted);
  if (exact) return exact;
  const number = /^t?0*(\d+)$/.exec(wanted.trim());
  if (number) {
    // A bare number or "t0007" means that trial number at its highest rung.
    const matches = snapshot.trials.filter((t) => t.number === Number(number[1]));
    const best = matches.sort((a, b) => b.rung - a.rung)[0];
    if (best) return best;
  }
  const sample = snapshot.trials.slice(0, 3).map((t) => t.id).join(', ');
  throw new UsageError(
    `${snapshot.dir}: no trial ${JSON.stringify(wanted)} in run ${snapshot.name} (${snapshot.trials.length} trials` +
      `${sample ? `, e.g. ${sample}` : ''}); pass --trial with an id from \`spin-nas report ${snapshot.dir}\`. Frontier: ${frontierHint(snapshot)}`,
  );
}

/**
 * A checkpoint path as stored: relative to the run folder (or, in older runs, to the working
 * directory of the time, or absolute), found only inside the run folder.
 */
export function resolveCheckpoint(runDir: string, saved: string): string | null {
  const candidates = checkpointCandidates(runDir, saved);
  return candidates.find((dir) => existsSync(join(dir, 'model.json'))) ?? null;
}

function frontierHint(snapshot: RunSnapshot): string {
  return snapshot.frontier.length > 0 ? snapshot.frontier.join(', ') : 'none yet';
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

/**
 * Refuses weights that are not the trial's: a checkpoint records its architecture's hash
 * ('' for checkpoints older than the record), which must be the trial's.
 */
export function assertCheckpointOf(checkpoint: string, saved: { hash: string; label: string }, trial: TrialRecord): void {
  if (saved.hash === '' || saved.hash === trial.hash) return;
  throw new RunStoreError(
    `${checkpoint}: holds ${saved.label || 'another architecture'} (hash ${saved.hash}), ` +
      `not trial ${trial.id} (hash ${trial.hash}); the run's record points at the wrong weights, train the trial again`,
  );
}
