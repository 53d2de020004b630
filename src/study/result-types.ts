/**
 * The types of a study's results (pure data, no code): what aggregate.ts computes and the
 * Markdown, HTML and JSON outputs read. In one module of their own so that the modules that
 * compute the parts (compression, findings, fidelity, search, test set) and the one that
 * assembles them (aggregate) depend on these types, not on each other.
 */
import type { TrialRow } from './data.js';

export interface PointResult {
  hash: string;
  label: string;
  block: string;
  varied: Record<string, unknown>;
  shared: boolean;
  /** Initialised by weight fusion from a trained parent (extra training compute). */
  fused: boolean;
  params: number;
  trainingParams: number;
  flops: number;
  /** Validation accuracy per seed, in the order of study.seeds (missing seeds left out). */
  accuracies: number[];
  /** 95% t interval of the mean accuracy (null under two seeds). */
  interval: { low: number; high: number } | null;
  /** Images seen by one training of it (mean over seeds), its own. */
  imagesSeen: number;
  /** Own images plus, for a fused model, its parent's: the training compute it embodies. */
  totalImages: number;
  /** Fused models: the hash of the same architecture trained from scratch. */
  scratchTwin?: string;
  /** Test accuracy per seed, when the trainings evaluated the test set (absent otherwise). */
  testAccuracies?: number[];
}

export interface GridResult {
  experiment: string;
  varies: string[];
  points: PointResult[];
}

/** One of the two comparison tables: every architecture on one footing. */
export interface Table {
  setting: 'equal epochs' | 'equal total compute';
  points: PointResult[];
  baseline: PointResult | null;
}

export interface StudyResults {
  study: string;
  seeds: number[];
  budget: unknown;
  block: string;
  margin: number;
  alpha: number;
  grids: GridResult[];
  tables: Table[];
  searches: SearchResult[];
  fidelity: FidelityResult[];
  compression: Compression[];
  findings: Finding[];
  test: TestResult[];
  /** `backends`: finished trainings per backend that trained them (absent when the data predates it). */
  compute: { trials: number; failed: number; trainerHours: number; imagesSeen: number; backends?: Record<string, number> };
  complete: boolean;
  /** Analysis 3 only (absent from the first and second editions' results). */
  v3?: AnalysisV3;
}

export interface CompressionLevel {
  baseline: string;
  baselineParams: number;
  baselineAccuracy: number;
  /** Smallest shared model whose mean accuracy is within the margin of the baseline's. */
  best: string | null;
  bestParams: number;
  ratio: number;
  /** One-sided non-inferiority p of best vs baseline (uncorrected). */
  p: number;
}

export interface Compression {
  setting: Table['setting'];
  baseline: PointResult | null;
  /** Chosen by the fixed-sequence non-inferiority tests (null: none shown non-inferior). */
  best: PointResult | null;
  ratio: number;
  /** Largest NI p along the sequence up to `best` (or the first failing p when none passed). */
  p: number;
  /** Holm-adjusted p (set by the findings). */
  adjustedP: number;
  /** Point-estimate rule and its bootstrap interval over seeds. */
  estimate: { best: string | null; ratio: number; low: number; high: number; noMatch: number; resamples: number; distinct: number };
  levels: CompressionLevel[];
}

export interface Finding {
  topic: string;
  /** The paper's claim (with its figure), or this project's for the search arm. */
  claim: string;
  /** What the paper measured for this claim, in its own setting (ImageNet), for the side-by-side. */
  paper: string;
  a: string;
  b: string;
  /** mean(a) - mean(b) with its 95% Welch interval. */
  difference: number;
  low: number;
  high: number;
  p: number;
  adjustedP: number;
  equivalenceP: number;
  adjustedEquivalenceP: number;
  verdict: string;
}

export interface SearchSeedResult {
  seed: number;
  trials: number;
  /** Training FLOPs spent (3 x forward FLOPs x images): its trials and the fusion parents they started. */
  compute: number;
  /** Trainings, fusion parents included. */
  trainings: number;
  frontier: { label: string; shared: boolean; params: number; flops: number; accuracy: number }[];
  hypervolume: number;
  bestAccuracy: number;
}

export interface SearchResult {
  experiment: string;
  strategy: string;
  budget: TrialRow['budget'] | null;
  seeds: SearchSeedResult[];
  hypervolume: { mean: number; low: number; high: number } | null;
}

export interface FidelityResult {
  experiment: string;
  /** Budget of the fidelity trainings (one seed), vs the study budget (mean over seeds). */
  budget: TrialRow['budget'] | null;
  rows: { label: string; fidelity: number; study: number }[];
  tau: number;
  interval: { low: number; high: number } | null;
  covers: { baseline: boolean; fused: [number, number]; frontier: [number, number] };
}

export interface TestResult {
  label: string;
  params: number;
  /** Why it was picked. */
  role: 'baseline' | 'frontier' | 'baseline, frontier';
  /** Mean validation accuracy over seeds in the table that picked it. */
  selectionAccuracy: number;
  seed: number;
  valAccuracy: number | null;
  testAccuracy: number | null;
  imagesSeen: number;
}

/** One arm of the third edition's pooled model: one architecture on one budget. */
export interface ArmV3 {
  label: string;
  hash: string;
  params: number;
  /** 'study' (the study budget) or 'doubled' (the convergence arm). */
  budget: 'study' | 'doubled';
  shared: boolean;
  fused: boolean;
  /** Training images per model, a fused model's parent included. */
  images: number;
  seeds: number;
  /** Mean validation accuracy with its 95% t interval over seeds. */
  validation: number;
  interval: { low: number; high: number } | null;
  /** Mean test accuracy of this arm's own trainings (each evaluated once), null when none. */
  test: number | null;
  testSeeds: number;
}

export interface CurveV3 {
  degree: number;
  centre: number;
  beta: number[];
  /** ln(params) range of the family: inside it the curve interpolates. */
  low: number;
  high: number;
  /** Lack of fit of the family's arm means against the curve (F test on the pooled variance). */
  lackOfFit: { f: number; df1: number; df2: number; p: number } | null;
  points: { label: string; params: number; mean: number; fitted: number }[];
}

/** A model against a curve: mean - curve(ln params), with its 95% interval. */
export interface ResidualV3 {
  label: string;
  params: number;
  images: number;
  residual: number;
  low: number;
  high: number;
  /** One-sided p of "residual <= 0" (uncorrected). */
  p: number;
}

export interface CompressionV3 {
  label: string;
  params: number;
  /** Params of the unshared model the curve predicts at this model's accuracy, over its params. */
  point: number;
  /** 95% parametric-bootstrap interval (seed noise and curve fit resampled); Infinity: beyond the family's range. */
  low: number;
  high: number;
  /** Shares of the resamples above the family's largest (and below its smallest) predicted accuracy. */
  beyond: number;
  below: number;
  resamples: number;
}

export interface ConfirmatoryTest {
  id: string;
  hypothesis: string;
  /** The arms it compares (labels). */
  arms: string[];
  /** Accuracy points as a fraction (residual, or contrast of means), with its 95% interval. */
  estimate: number;
  low: number;
  high: number;
  sided: 1 | 2;
  p: number;
  adjustedP: number;
  verdict: string;
}

export interface ConvergenceGap {
  label: string;
  params: number;
  study: number;
  doubled: number;
  /** mean(doubled) - mean(study), with its 95% interval in the pooled model. */
  gap: number;
  low: number;
  high: number;
  seeds: [number, number];
}

export interface SearchComputeArm {
  experiment: string;
  strategy: string;
  seeds: { seed: number; compute: number; trials: number; trialsWithin: number; hypervolume: number }[];
  hypervolume: { mean: number; low: number; high: number } | null;
}

/** The search arms compared at one total training compute (FLOPs x images, fusion parents charged). */
export interface SearchAtCompute {
  /** The compute every run is cut at. */
  cap: number;
  arms: SearchComputeArm[];
  /** Every other arm minus the random one (NSGA-II, MOTPE): Welch difference of hypervolumes. */
  differences: { a: string; b: string; estimate: number; low: number; high: number; p: number }[];
}

/** The third edition's pre-registered analysis (docs/study-v3.md). */
export interface AnalysisV3 {
  analysis: 3;
  /** The study file's departures from its pre-registration (empty: none). */
  departures: string[];
  pooled: { sd: number; df: number; arms: number } | null;
  arms: ArmV3[];
  /** "label @ budget" -> seeds measured. */
  seedsPerArm: Record<string, number>;
  curve: CurveV3 | null;
  /** Sensitivity: the same with a straight line in ln(params). */
  linearCurve: CurveV3 | null;
  primary: {
    /** The pre-registered headline model (the smallest shared model of the design). */
    headline: CompressionV3 | null;
    residuals: ResidualV3[];
    linearResiduals: ResidualV3[];
    compression: CompressionV3[];
  };
  confirmatory: ConfirmatoryTest[];
  alpha: number;
  convergence: { gaps: ConvergenceGap[]; tau: number | null };
  /** Exploratory: fused models (parent charged: twice the images) against the equal-images curve. */
  fusedCharged: ResidualV3[];
  /** Exploratory: each fused model minus each unshared model of the doubled budget (both saw twice a study model's images). */
  fusedVsDoubled: FusedVsUnshared[];
  search: SearchAtCompute | null;
}

/** One fused model against one unshared model at equal total images (pooled-model contrast, two-sided). */
export interface FusedVsUnshared {
  fused: string;
  fusedParams: number;
  unshared: string;
  unsharedParams: number;
  difference: number;
  low: number;
  high: number;
}
