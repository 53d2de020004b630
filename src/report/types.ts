/**
 * The report model: everything a report shows, derived once from a RunSnapshot and then
 * rendered by each format. It is also, verbatim, the `--format json` output, so its shape
 * is a stable, documented contract: fields are never removed or renamed without raising
 * `schemaVersion`; unknown values are `null`, never missing. The same contract as a JSON
 * Schema: schema.ts (`reportJsonSchema`).
 */
import type { TrialState } from '../store/types.js';

/**
 * Version of the JSON report shape. Raise it when a field is removed, renamed or changes meaning.
 * 2: `frontier` is over one budget (`frontierRung`), lower rungs' frontiers apart (`rungFrontiers`);
 * `run.synthetic` and `trials[].synthetic`.
 * 3: compute accounting: `compute`, the trials' and parents' training cost, `hypervolume.history[].compute`.
 */
export const REPORT_SCHEMA_VERSION = 3;

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  run: RunSummary;
  hypervolume: HypervolumeSummary;
  /**
   * Ids of the trials on the Pareto frontier, best validation accuracy first: all done at one
   * budget, `frontierRung` (the highest rung reached). Runs stored before frontiers were per
   * rung have a frontier mixing rungs: then `frontierRung` is null.
   */
  frontier: string[];
  /** The rung (budget) every frontier trial was evaluated at; null when none yet, or mixed (older runs). */
  frontierRung: number | null;
  /** That rung's budget in words, e.g. "1 epoch, 12000 images". */
  frontierBudget: string | null;
  /** Frontiers of the lower, cheaper rungs, shown apart (never compared with `frontier`); lowest first. */
  rungFrontiers: { rung: number; budget: string | null; ids: string[] }[];
  /** Every trial of the run, in creation order (pending, running and failed included). */
  trials: TrialRow[];
  /** One entry per backbone (unshared parent) that has at least one measured trial. */
  backbones: BackboneComparison[];
  /**
   * Unshared networks trained once per backbone as weight-fusion parents (at the rung-0
   * budget): measured like trials, but not trials of the search (never on the frontier).
   */
  parents: ParentRow[];
  /** What the run's trainings cost: trials at every rung and fusion parents, failed and lost attempts included. */
  compute: ComputeSummary;
}

/** The cost of trainings: training FLOPs = 3 x forward FLOPs x images. */
export interface ComputeFigures {
  images: number;
  /** Training FLOPs. */
  flops: number;
  /** Trainer wall seconds. */
  seconds: number;
  trainings: number;
  /** Trainings charged at their budget's images because they returned no result (failed, or lost with a worker). */
  estimated: number;
}

export interface ComputeSummary {
  total: ComputeFigures;
  trials: ComputeFigures;
  parents: ComputeFigures;
  rungs: ({ rung: number } & ComputeFigures)[];
  /** The run's compute budget (`--max-compute`) in training FLOPs; null without one. */
  budget: number | null;
}

export interface ParentRow {
  /** "parent-<hash>" */
  id: string;
  hash: string;
  label: string;
  backbone: string;
  params: number;
  flops: number;
  valAccuracy: number;
  /** Its training's cost: training FLOPs, images, trainer-seconds. */
  trainingFlops: number;
  trainedImages: number;
  trainerSeconds: number;
}

export interface RunSummary {
  name: string;
  dir: string;
  /** Name of the search space the run was started with. */
  space: string;
  dataset: string;
  /** e.g. ["accuracy:maximize", "params:minimize", "flops:minimize"] */
  objectives: string[];
  /** Strategy name from the run configuration, when recorded. */
  strategy: string | null;
  /** Trial counts by state, plus infeasible trials (any state). */
  counts: Record<TrialState, number> & { total: number; infeasible: number };
  /** True while trials are still pending or running. */
  inProgress: boolean;
  /** True when some accuracies are invented (`--trainer synthetic`): every format says so. */
  synthetic: boolean;
}

export interface HypervolumeSummary {
  value: number;
  /** Reference point in normalised objective space. */
  reference: number[];
  /** How objectives were normalised before the hypervolume was measured. */
  normalisation: string;
  /** Hypervolume after each number of finished trials, and the rung whose frontier it measured (null in older runs). */
  history: { trials: number; value: number; rung: number | null; compute: number | null }[];
}

export interface TrialRow {
  id: string;
  number: number;
  hash: string;
  /** Hash of the unshared version of this backbone (null when it cannot be decoded). */
  parentHash: string | null;
  /** Human-readable description of the whole architecture (TrialRecord.label). */
  label: string;
  /** Backbone in words, e.g. "ConvMixer-64/8 p2 k5". */
  backbone: string;
  /** Sharing choices in words, e.g. "pointwise shared r=2, uniform, sequential; from scratch" or "nothing shared". */
  sharing: string;
  /** True when at least one component shares weights across layers. */
  shared: boolean;
  /** Initialisation of the shared weights: "scratch" or the weight-fusion reduction. */
  init: string | null;
  rung: number;
  /** The proxy budget of this rung in words (epochs, images), when known. */
  budget: string | null;
  state: TrialState;
  seed: number;
  backend: string | null;
  /** The process that trained it, "host:pid" (a distributed worker's or the search's own). */
  worker: string | null;
  /** Deployed parameter count (shared tensors counted once). */
  params: number;
  trainingParams: number;
  flops: number;
  valAccuracy: number | null;
  valLoss: number | null;
  /** Present only where a final evaluation on the test split ran. */
  testAccuracy: number | null;
  wallSeconds: number | null;
  imagesPerSecond: number | null;
  infeasible: boolean;
  onFrontier: boolean;
  /** Directory holding the trained weights, when the run kept them. */
  checkpoint: string | null;
  /** Error message of a failed trial. */
  error: string | null;
  /** True when its accuracy is invented (`--trainer synthetic`), not measured. */
  synthetic: boolean;
  /** Training FLOPs charged to this trial (every attempt; 3 x forward FLOPs x images). */
  trainingFlops: number;
  /** Training images over every attempt. */
  trainedImages: number;
  /** Trainer wall seconds over every attempt. */
  trainerSeconds: number;
  /** Trainings charged (attempts, failed and lost ones included). */
  trainings: number;
  /** Training FLOPs of the fusion parent this trial made train (its first trial of the backbone); null otherwise. */
  parentTrainingFlops: number | null;
}

/** A shared variant of a backbone measured against its unshared version. */
export interface SharedVariant {
  trial: string;
  sharing: string;
  /** The rung at which both versions were measured (the highest such rung). */
  rung: number;
  params: number;
  valAccuracy: number;
  /** The unshared trial it is compared with (same backbone, same rung). */
  unsharedTrial: string;
  unsharedParams: number;
  unsharedValAccuracy: number;
  /** unshared params / shared params (> 1 means smaller). */
  compressionRatio: number;
  /** shared validation accuracy - unshared validation accuracy (fraction, e.g. -0.012). */
  accuracyDelta: number;
}

export interface BackboneComparison {
  parentHash: string;
  backbone: string;
  /** The unshared trial of this backbone measured at the highest rung (null when not measured yet). */
  unsharedTrial: string | null;
  unsharedParams: number | null;
  unsharedValAccuracy: number | null;
  /** Shared variants measured at a rung where the unshared version was measured too. */
  variants: SharedVariant[];
}
