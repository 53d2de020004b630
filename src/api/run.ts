/**
 * openRun(): a finished or running run, read-only, as objects. It takes no lock and never
 * writes (a search may be writing the run at the same time: its writes are atomic renames,
 * so each read sees one consistent state). Call it again to see newer trials.
 */
import type { SearchSpace } from '../space/types.js';
import { loadRunSnapshot, runCompute, type HypervolumePoint, type RunSnapshot, type TrialRecord, type TrialState } from '../store/index.js';

/** The training work charged to a run so far (trials at every rung and fusion parents; the store's accounting). */
export interface RunCompute {
  /** Trainings charged: every attempt, failed and lost ones included. */
  trainings: number;
  /** Sum of their training wall-clock seconds (trainer-seconds, not elapsed time when trainings overlap). */
  trainerSeconds: number;
  /** Sum of the training images they processed (epochs x subset, with repeats; a failed attempt at its budget). */
  imagesSeen: number;
  /** Training FLOPs: 3 x forward FLOPs x images, summed. */
  trainingFlops: number;
  /** True when any result was made up by the synthetic trainer (nothing was trained). */
  synthetic: boolean;
}

export interface RunView {
  dir: string;
  name: string;
  space: SearchSpace;
  /** The run's configuration as stored (strategy, seed, trials, rungs, scales...). */
  config: Record<string, unknown>;
  /** Every trial, in creation order. */
  trials: TrialRecord[];
  /** The trials on the run's Pareto frontier (feasible, done at `frontierRung`). */
  frontier: TrialRecord[];
  /** The rung the frontier is taken at (the highest reached); null before any feasible result. */
  frontierRung: number | null;
  /** Hypervolume of the frontier in normalised objective space (reference 1.1 in every objective). */
  hypervolume: number;
  /** The hypervolume after each finished trial. */
  hypervolumeHistory: HypervolumePoint[];
  /** Trials by state. */
  counts: Record<TrialState, number>;
  compute: RunCompute;
  /** The stored snapshot these fields were read from (what reports consume). */
  snapshot: RunSnapshot;
}

/** Reads the run in `dir` (e.g. runs/convmixer-fmnist); a RunStoreError when there is none or it is unreadable. */
export async function openRun(dir: string): Promise<RunView> {
  const snapshot = await loadRunSnapshot(dir);
  const byId = new Map(snapshot.trials.map((t) => [t.id, t]));
  const counts: Record<TrialState, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const t of snapshot.trials) counts[t.state]++;
  return {
    dir,
    name: snapshot.name,
    space: snapshot.space,
    config: snapshot.config,
    trials: snapshot.trials,
    frontier: snapshot.frontier.map((id) => byId.get(id)).filter((t): t is TrialRecord => t !== undefined),
    frontierRung: snapshot.frontierRung ?? null,
    hypervolume: snapshot.hypervolume.value,
    hypervolumeHistory: snapshot.hypervolume.history,
    counts,
    compute: computeOf(snapshot),
    snapshot,
  };
}

function computeOf(snapshot: RunSnapshot): RunCompute {
  const { total } = runCompute(snapshot);
  const results = [
    ...snapshot.trials.map((t) => t.result),
    ...Object.values(snapshot.parents ?? {}).map((p) => p.result),
  ];
  return {
    trainings: total.trainings,
    trainerSeconds: total.seconds,
    imagesSeen: total.images,
    trainingFlops: total.flops,
    synthetic: results.some((r) => r?.synthetic === true),
  };
}
