/**
 * A study: fixed architectures and searches trained on one shared proxy budget, each with
 * several seeds, stored as one run so that it resumes. Pure data.
 */
import type { DecodedGenome, ProxyBudget } from '../space/types.js';

/** One architecture in words; omitted sharing fields mean "nothing shared". */
export type ArchPoint = Pick<DecodedGenome, 'width' | 'depth' | 'patch'> & Partial<Omit<DecodedGenome, 'width' | 'depth' | 'patch'>>;

/** base × every combination of the `vary` lists. */
export interface GridExperiment {
  name: string;
  type: 'grid';
  base: Partial<ArchPoint>;
  vary: Partial<Record<keyof ArchPoint, unknown[]>>;
  /** Every training of it also evaluates the test set once, at its end (reported, never used to choose). */
  evaluateTest?: boolean;
}

/** A search given the same total training budget (images seen) as another experiment. */
export interface SearchExperiment {
  name: string;
  type: 'search';
  strategy: 'random' | 'evolution' | 'nsga2' | 'motpe';
  /** Name of the experiment whose total training images this search may spend. */
  budgetOf: string;
  /** A fixed number of trainings per seed (overrides the count `budgetOf` gives). */
  trials?: number;
  /**
   * Training TFLOPs (10^12 FLOPs, 3 x forward x images, fusion parents included) each seed's
   * search may spend: no training starts once it is spent (`trials` is then an upper bound).
   * Absent: without `trials`, what the `budgetOf` grid spends at this search's budget.
   */
  maxCompute?: number;
  /** Overrides of the study budget for this search (e.g. a cheap proxy budget). */
  budget?: Partial<ProxyBudget>;
}

/** Retrains a sample of architectures on a longer budget to rank-correlate with the proxy. */
export interface FidelityExperiment {
  name: string;
  type: 'fidelity';
  /** Experiments whose architectures are sampled. */
  from: string[];
  /** How many architectures to sample (evenly spaced); absent: all of them. */
  count?: number;
  budget: Partial<ProxyBudget>;
}

/**
 * Equal-compute controls: a fused model also spent its parent's training. For every fused
 * point of the `of` grids, its scratch twin and its unshared parent are trained on the
 * parent's budget plus the child's (same total images seen), and so is every point of the
 * `baselines` grids (the unshared family at that total).
 */
export interface EqualComputeExperiment {
  name: string;
  type: 'equal-compute';
  of: string[];
  baselines: string[];
  /** Every training of it also evaluates the test set once, at its end. */
  evaluateTest?: boolean;
}

/**
 * The test set, used once at the end: the frontier members at equal total compute and the
 * best unshared baseline are retrained (fresh seeds, their own budgets) and evaluated on it.
 */
export interface TestExperiment {
  name: string;
  type: 'test';
  /** The equal-compute experiment whose table picks the architectures. */
  from: string;
  /** Study seeds to retrain with (default: the first one). */
  seeds?: number[];
}

export type Experiment = GridExperiment | SearchExperiment | FidelityExperiment | EqualComputeExperiment | TestExperiment;

export interface Study {
  file: string;
  name: string;
  /** Path of the search-space file (dataset, default budget, the space searches explore). */
  space: string;
  seeds: number[];
  /** Overrides of the space's default budget, shared by every experiment. */
  budget: Partial<ProxyBudget>;
  experiments: Experiment[];
  /** Non-inferiority margin in accuracy points (default 0.5): "matches" means within it. */
  margin?: number;
  /** Family-wise error rate of the findings (Holm); default 0.05. */
  alpha?: number;
  /**
   * Which analysis the results use: 2 (default; the first and second editions, whose
   * committed results rebuild byte for byte) or 3 (the pre-registered curve analysis of
   * docs/study-v3.md, with its confirmatory family).
   */
  analysis?: 2 | 3;
  /** Where the run departed from its pre-registration, one sentence each (analysis 3 renders them). */
  departures?: string[];
}
