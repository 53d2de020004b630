/**
 * Which trained trial weights a run keeps (`--keep-weights`): every trial trains into
 * runs/<name>/checkpoints/trials/<trial id>/ unless the run keeps none; with 'frontier'
 * (the default) the folders of trials that are not (or no longer) on the frontier are
 * deleted in the background and the trial marked `weightsDeleted` (its result stays as
 * trained), so `spin-nas export` names the right reason. A deletion that fails is reported, never fatal.
 */
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { placeInRun, TRIAL_CHECKPOINTS_DIR } from '../store/containment.js';
import type { KeepWeights } from '../store/document.js';
import type { TrialRecord } from '../store/types.js';

export const KEEP_WEIGHTS: readonly KeepWeights[] = ['frontier', 'all', 'none'];

/** Trial checkpoint folder, relative to the run folder. */
export function trialCheckpoint(trialId: string): string {
  return join('checkpoints', 'trials', trialId);
}

export interface KeeperOptions {
  /** Told about a folder that could not be deleted (the run carries on). */
  onError?: (message: string) => void;
  /** Deletes a folder (tests replace it). */
  remove?: (dir: string) => Promise<void>;
}

export class WeightKeeper {
  readonly mode: KeepWeights;
  #runDir: string;
  #pending: Promise<void> = Promise.resolve();
  #onError: (message: string) => void;
  #remove: (dir: string) => Promise<void>;

  constructor(mode: KeepWeights, runDir: string, options: KeeperOptions = {}) {
    this.mode = mode;
    this.#runDir = runDir;
    this.#onError = options.onError ?? (() => undefined);
    this.#remove = options.remove ?? ((dir) => rm(dir, { recursive: true, force: true }));
  }

  /** Where a trial should save its weights (relative to the working directory), or undefined. */
  saveTo(trialId: string): string | undefined {
    return this.mode === 'none' ? undefined : join(this.#runDir, trialCheckpoint(trialId));
  }

  /** The checkpoint path to store in the trial's result: relative to the run folder. */
  recordPath(trialId: string): string {
    return trialCheckpoint(trialId);
  }

  /**
   * Marks (synchronously) every trial whose weights this mode does not keep and deletes its
   * folder in the background. Frontier trials' weights are never touched.
   */
  prune(trials: readonly TrialRecord[], frontier: readonly string[]): void {
    if (this.mode === 'all') return;
    const keep = new Set(this.mode === 'frontier' ? frontier : []);
    for (const t of trials) {
      const saved = t.result?.checkpoint;
      if (saved !== trialCheckpoint(t.id) || t.weightsDeleted !== undefined || keep.has(t.id)) continue;
      t.weightsDeleted = new Date().toISOString();
      this.#delete(t.id);
    }
  }

  /**
   * Deletes trial folders no trial record points at (left by a crash between clearing a
   * record and deleting its folder, or by an earlier process). Call before trials run.
   */
  sweep(trials: readonly TrialRecord[]): void {
    if (this.mode === 'all') return;
    const referenced = new Set(
      trials.filter((t) => t.result?.checkpoint === trialCheckpoint(t.id) && t.weightsDeleted === undefined).map((t) => t.id),
    );
    this.#pending = this.#pending.then(async () => {
      let names: string[];
      try {
        names = await readdir(join(this.#runDir, 'checkpoints', 'trials'));
      } catch {
        return;
      }
      for (const name of names) if (!referenced.has(name)) await this.#removeTrial(name);
    });
  }

  /** Resolves once every deletion asked for so far has finished (or failed). */
  settled(): Promise<void> {
    return this.#pending;
  }

  #delete(trialId: string): void {
    this.#pending = this.#pending.then(() => this.#removeTrial(trialId));
  }

  async #removeTrial(trialId: string): Promise<void> {
    const dir = join(this.#runDir, trialCheckpoint(trialId));
    // The run was checked when it was read; a link made since must not lead a deletion out of it.
    const own = dirname(trialCheckpoint(trialId)) === TRIAL_CHECKPOINTS_DIR;
    const placed = placeInRun(this.#runDir, trialCheckpoint(trialId));
    if (!own || !placed.ok) {
      this.#onError(`${dir}: not deleted: ${placed.ok ? 'not a folder of checkpoints/trials' : placed.why}; check that folder by hand`);
      return;
    }
    try {
      await this.#remove(dir);
    } catch (error) {
      this.#onError(`${dir}: could not delete the weights of trial ${trialId} (${(error as Error).message}); delete the folder by hand`);
    }
  }
}
