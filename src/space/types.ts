/**
 * The search-space file, as parsed and validated (see schema/search-space.schema.json),
 * and the genome that encodes one point of it. Pure data: no TensorFlow.js, no files.
 */

export type Family = 'convmixer' | 'vit';
export type ConvMixerComponent = 'depthwise' | 'pointwise';
export type VitComponent = 'attention' | 'mlp';
export type Component = ConvMixerComponent | VitComponent;

export type Mapping = 'sequential' | 'strided' | 'random';
/** A named distribution, or explicit group sizes that sum to the depth. */
export type Distribution = 'uniform' | 'front' | 'back' | number[];
export type Reduction = 'mean' | 'choose_first' | 'scalar_weighted_mean' | 'channel_weighted_mean';
/** How shared weights start: from scratch, or fused from a trained unshared parent. */
export type Init = 'scratch' | Reduction;

export interface BackboneChoices {
  family: Family;
  width: number[];
  depth: number[];
  patch: number[];
  /** ConvMixer only: depthwise kernel sizes. */
  kernel?: number[];
  /** ConvMixer only: residual around the pointwise part too (reference code option). */
  pointwiseResidual?: boolean;
  /** ViT only. */
  heads?: number[];
  /** ViT only. */
  mlpRatio?: number[];
}

export interface DatasetSpec {
  /** e.g. 'fashion-mnist', 'mnist', 'cifar10' (data/datasets.ts knows which load). */
  name: string;
  /** [height, width, channels] */
  inputShape: [number, number, number];
  classes: number;
  /** Your own data instead of a built-in dataset (src/data/own/). */
  source?: DatasetSource;
}

/** Where your own data is and how it becomes `inputShape` (paths relative to the space file). */
export interface DatasetSource {
  format: 'image-folder' | 'npy' | 'npz' | 'idx';
  /** image-folder: one sub-folder of PNG/JPEG images per class. */
  train?: string;
  /** image-folder: a test folder laid out like train. */
  test?: string;
  /** npy / idx arrays. */
  trainImages?: string;
  trainLabels?: string;
  testImages?: string;
  testLabels?: string;
  /** npz archive, and the names of its arrays. */
  file?: string;
  keys?: { trainImages?: string; trainLabels?: string; testImages?: string; testLabels?: string };
  /** Without a separate test set: fraction of the training images held out (default 0.1). */
  testFraction?: number;
  /** image-folder: 'bilinear' (default), 'nearest', or 'none' (refuse other sizes). */
  resize?: 'bilinear' | 'nearest' | 'none';
}

export interface SharingChoices {
  /** Each choice is the set of components shared together; [] means nothing shared. */
  components: Component[][];
  shareRate: number[];
  distribution: Distribution[];
  mapping: Mapping[];
  init: Init[];
  /**
   * Number of permutation seeds for the `random` mapping: the genome's `mappingSeed` gene
   * takes values 0..randomSeeds-1 (a single value when `random` is not a mapping choice).
   * Optional in the file; the parsed space always has it (default 3).
   */
  randomSeeds?: number;
}

export interface Constraints {
  maxParams?: number;
  maxFlops?: number;
}

export type ObjectiveMetric = 'accuracy' | 'params' | 'flops';
export interface Objective {
  metric: ObjectiveMetric;
  direction: 'maximize' | 'minimize';
}

/** One rung of the multi-fidelity ladder: how much training a candidate gets. */
export interface ProxyBudget {
  epochs: number;
  /** Number of training images used (a seeded subset of the training split). */
  trainSubset: number;
  /** Number of training images held out for validation (never the test set). */
  validationSize: number;
  batchSize: number;
  learningRate: number;
  schedule: 'constant' | 'cosine';
  /** Optional cap on optimizer steps per trial (overrides epochs when smaller). */
  maxSteps?: number;
  /**
   * Multi-fidelity ladder: each rung overrides some fields of this budget (e.g.
   * `[{ trainSubset: 3000 }, { trainSubset: 12000 }]`), cheapest first. Absent: one rung.
   */
  rungs?: Partial<Omit<ProxyBudget, 'rungs'>>[];
}

export interface SearchSpace {
  /** Path of the file it was read from (for error messages); '<inline>' otherwise. */
  file: string;
  name: string;
  /** Free text from the file, if any. */
  description?: string;
  backbone: BackboneChoices;
  dataset: DatasetSpec;
  sharing: SharingChoices;
  constraints: Constraints;
  objectives: Objective[];
  budget: ProxyBudget;
}

/**
 * A genome: one index per gene, into that gene's choice list. Fixed length for a given
 * space; gene order is given by `geneNames(space)`.
 */
export type Genome = number[];

/**
 * A genome decoded into named values. `decode` maps indices to values as they are;
 * `decode(space, canonicalize(space, genome))` gives the canonical values.
 */
export interface DecodedGenome {
  width: number;
  depth: number;
  patch: number;
  kernel?: number;
  heads?: number;
  mlpRatio?: number;
  components: Component[];
  shareRate: number;
  distribution: Distribution;
  mapping: Mapping;
  init: Init;
  /** Seed of the permutation used by the `random` mapping. */
  mappingSeed: number;
}
