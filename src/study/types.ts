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
}

/** A search given the same total training budget (images seen) as another experiment. */
export interface SearchExperiment {
  name: string;
  type: 'search';
  strategy: 'random' | 'evolution' | 'nsga2';
  /** Name of the experiment whose total training images this search may spend. */
  budgetOf: string;
}

/** Retrains a sample of architectures on a longer budget to rank-correlate with the proxy. */
export interface FidelityExperiment {
  name: string;
  type: 'fidelity';
  /** Experiments whose architectures are sampled. */
  from: string[];
  count: number;
  budget: Partial<ProxyBudget>;
}

export type Experiment = GridExperiment | SearchExperiment | FidelityExperiment;

export interface Study {
  file: string;
  name: string;
  /** Path of the search-space file (dataset, default budget, the space searches explore). */
  space: string;
  seeds: number[];
  /** Overrides of the space's default budget, shared by every experiment. */
  budget: Partial<ProxyBudget>;
  experiments: Experiment[];
}
