/**
 * A study as a list of units of work (pure). Each unit is one ordinary run of the search
 * loop, stored under runs/<study>/<unit>/: a grid experiment at one seed proposes its fixed
 * list of architectures, a search experiment at one seed runs its strategy with as many
 * trials as the grid it is measured against, and a fidelity experiment retrains a sample of
 * grid architectures on another budget once (first seed), an equal-compute experiment trains
 * scratch controls on the parent's plus the child's budget, and a test experiment retrains
 * the final picks with the test set evaluated (its genomes are chosen at run time, from the
 * results of the units before it).
 */
import { costOf, parentArch, toArchSpec } from '../arch/index.js';
import { imagesSeen } from '../space/index.js';
import { COMPUTE_UNIT, trainingFlops } from '../store/compute.js';
import { rungBudgets } from '../search/rungs.js';
import type { Genome, ProxyBudget, SearchSpace } from '../space/types.js';
import { equalComputeArchs, planGrid, type PlannedArch } from './plan.js';
import type { Study } from './types.js';

export interface StudyUnit {
  /** Run name, e.g. "scaling-s0". */
  name: string;
  experiment: string;
  kind: 'grid' | 'search' | 'fidelity' | 'equal-compute' | 'test';
  seed: number;
  /** Built-in strategy name, or "fixed" for a list of genomes. */
  strategy: string;
  /** For "fixed": the genomes, in order. */
  genomes?: Genome[];
  trials: number;
  budget: Partial<ProxyBudget>;
  /**
   * Search units: training FLOPs the search may spend (its trials and fusion parents), the
   * compute its budgetOf grid spends at one seed, so the arms compare at equal compute.
   */
  maxCompute?: number;
  /** Test units: also evaluate on the test set; `pick` says which architectures they retrain. */
  evaluateTest?: boolean;
  pick?: 'scratch' | 'fused';
}

export interface StudyPlan {
  units: StudyUnit[];
  /** Per grid experiment, its architectures (before dropping those an earlier grid trains). */
  grids: Map<string, PlannedArch[]>;
}

/** The study budget with every training twice as long: a fusion parent's plus its child's. */
export function equalComputeBudget(study: Study, space: SearchSpace): Partial<ProxyBudget> {
  const main = { ...space.budget, ...study.budget };
  return { ...study.budget, epochs: main.epochs * 2, ...(main.maxSteps !== undefined ? { maxSteps: main.maxSteps * 2 } : {}) };
}

/** Test retrains use study seed + this (fresh initialisation, data subset and order). */
export const TEST_SEED_OFFSET = 1000;

/**
 * Training FLOPs of training `archs` once each at `budget`, with one fusion parent per
 * backbone their weight-fusion members start from (3 x forward FLOPs x images).
 */
export function plannedCompute(space: SearchSpace, archs: readonly PlannedArch[], budget: ProxyBudget): number {
  const images = imagesSeen(budget);
  const parents = new Map<string, number>();
  let flops = 0;
  for (const a of archs) {
    const arch = toArchSpec(space, a.genome);
    flops += trainingFlops(costOf(arch).flops, images);
    if (arch.init !== 'scratch') {
      const parent = parentArch(arch);
      parents.set(parent.hash, trainingFlops(costOf(parent).flops, images));
    }
  }
  for (const f of parents.values()) flops += f;
  return flops;
}

export function planStudy(study: Study, space: SearchSpace): StudyPlan {
  const grids = new Map<string, PlannedArch[]>();
  study.experiments.forEach((e, i) => {
    if (e.type === 'grid') grids.set(e.name, planGrid(study, space, i));
  });
  const units: StudyUnit[] = [];
  const trained = new Set<string>();
  for (const e of study.experiments) {
    if (e.type !== 'grid') continue;
    // An architecture that an earlier grid already trains (same seeds, same budget) is not
    // trained again: the results look it up by hash.
    const fresh = (grids.get(e.name) ?? []).filter((a) => !trained.has(a.hash));
    fresh.forEach((a) => trained.add(a.hash));
    if (fresh.length === 0) continue;
    for (const seed of study.seeds) {
      units.push({ name: `${e.name}-s${seed}`, experiment: e.name, kind: 'grid', seed, strategy: 'fixed', genomes: fresh.map((a) => a.genome), trials: fresh.length, budget: study.budget, ...(e.evaluateTest === true ? { evaluateTest: true } : {}) });
    }
  }
  for (const e of study.experiments) {
    if (e.type !== 'equal-compute') continue;
    const controls = equalComputeArchs(space, e.baselines.flatMap((name) => grids.get(name) ?? []), e.of.flatMap((name) => grids.get(name) ?? []));
    grids.set(e.name, controls);
    if (controls.length === 0) continue;
    for (const seed of study.seeds) {
      units.push({ name: `${e.name}-s${seed}`, experiment: e.name, kind: 'equal-compute', seed, strategy: 'fixed', genomes: controls.map((a) => a.genome), trials: controls.length, budget: equalComputeBudget(study, space), ...(e.evaluateTest === true ? { evaluateTest: true } : {}) });
    }
  }
  for (const e of study.experiments) {
    if (e.type !== 'search') continue;
    const trials = e.trials ?? grids.get(e.budgetOf)?.length ?? 0;
    const budget = { ...study.budget, ...e.budget };
    // Without an explicit trial count the arm may spend what its grid spends, not more.
    const grid = grids.get(e.budgetOf);
    const maxCompute =
      e.maxCompute !== undefined ? e.maxCompute * COMPUTE_UNIT : e.trials === undefined && grid && grid.length > 0 ? plannedCompute(space, grid, rungBudgets(space.budget, budget)[0]!) : undefined;
    for (const seed of study.seeds) {
      units.push({ name: `${e.name}-s${seed}`, experiment: e.name, kind: 'search', seed, strategy: e.strategy, trials, budget, ...(maxCompute !== undefined ? { maxCompute } : {}) });
    }
  }
  for (const e of study.experiments) {
    if (e.type !== 'fidelity') continue;
    const pool = uniqueByHash(e.from.flatMap((name) => grids.get(name) ?? []));
    const sample = evenlySpaced(pool, e.count ?? pool.length);
    const seed = study.seeds[0] as number;
    units.push({ name: `${e.name}-s${seed}`, experiment: e.name, kind: 'fidelity', seed, strategy: 'fixed', genomes: sample.map((a) => a.genome), trials: sample.length, budget: { ...study.budget, ...e.budget } });
  }
  for (const e of study.experiments) {
    if (e.type !== 'test') continue;
    for (const seed of e.seeds ?? [study.seeds[0] as number]) {
      // Trials and genomes are filled at run time (see test-set.ts); fresh seeds, so the
      // test accuracy is not the selection's own (optimistic) sample.
      const base = { experiment: e.name, kind: 'test' as const, seed: TEST_SEED_OFFSET + seed, strategy: 'fixed', trials: 0, evaluateTest: true };
      units.push({ ...base, name: `${e.name}-s${seed}`, budget: equalComputeBudget(study, space), pick: 'scratch' });
      units.push({ ...base, name: `${e.name}-fused-s${seed}`, budget: study.budget, pick: 'fused' });
    }
  }
  return { units, grids };
}

function uniqueByHash(list: PlannedArch[]): PlannedArch[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.hash) ? false : (seen.add(a.hash), true)));
}

/** `count` items spread evenly over the list (first and last included), in order. */
export function evenlySpaced<T>(list: readonly T[], count: number): T[] {
  if (count >= list.length) return list.slice();
  if (count === 1) return [list[0] as T];
  const picks = new Set<number>();
  for (let i = 0; i < count; i++) picks.add(Math.round((i * (list.length - 1)) / (count - 1)));
  return [...picks].sort((a, b) => a - b).map((i) => list[i] as T);
}
