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
  compute: { trials: number; failed: number; trainerHours: number; imagesSeen: number };
  complete: boolean;
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
