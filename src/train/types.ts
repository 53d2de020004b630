/**
 * What the search sends a trainer, and what comes back. Plain JSON (it crosses threads).
 */
import type { ArchSpec, Cost } from '../arch/types.js';
import type { ProxyBudget } from '../space/types.js';
import type { TrialWorker } from '../store/types.js';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface TrainRequest {
  trialId: string;
  arch: ArchSpec;
  budget: ProxyBudget;
  seed: number;
  backend: BackendName;
  /** Data location and dataset name, e.g. fashion-mnist at /usr/share/datasets/fashion-mnist ('' = the dataset's default). */
  data: { dataset: string; dir: string };
  /** For fusion: path of the trained unshared parent checkpoint to initialise from. */
  parentCheckpoint?: string;
  /** Where to save this trial's trained weights (when the run keeps them). */
  saveTo?: string;
  /** Also evaluate on the test set (final report only; never for search decisions). */
  evaluateTest?: boolean;
  /**
   * Seed of the train/validation split and of the training subset (default 0). Keep it
   * fixed within a run so every trial is validated on the same images.
   */
  splitSeed?: number;
  /**
   * Seed of the training subset alone (default: splitSeed), so that a study draws a
   * different subset per seed while validating every trial on the same images.
   */
  subsetSeed?: number;
}

export interface TrainResult {
  trialId: string;
  valAccuracy: number;
  valLoss: number;
  testAccuracy?: number;
  /** Training loss, one entry per epoch (or per logging interval). */
  lossCurve: number[];
  wallSeconds: number;
  imagesPerSecond: number;
  imagesSeen: number;
  backend: BackendName;
  /** Trainable parameter count of the built model (checked against the cost model). */
  trainableParams: number;
  /** Where the trained weights were saved, if they were. */
  checkpoint?: string;
  /** Optimizer step at the end of each lossCurve entry. */
  lossCurveSteps?: number[];
  /** Parameter count of the deployed model (differs from trainableParams with fusion). */
  deployedParams?: number;
  /** True when nothing was trained: the accuracy was made up (`--trainer synthetic`). */
  synthetic?: boolean;
  /** The process that trained it (executors set it; the search moves it to the trial record). */
  worker?: TrialWorker;
  /**
   * Earlier attempts of this training lost with their worker and started again (distributed
   * executor); the search charges each to the run's compute, then drops the field.
   */
  lostAttempts?: number;
}

export type { ArchSpec, Cost };
