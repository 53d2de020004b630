/**
 * The search arms at equal training compute (pure; the third edition's): a training's
 * compute is its training FLOPs as the search charges it (data.ts rowCompute: 3 x forward
 * FLOPs per image x images seen, a failed one at its budget's images), and a fusion parent
 * is charged at the first trial that needs it. Each run's trainings, in the order the search
 * proposed them, are cut at one cap (the smallest total any run spent, so every run reaches
 * it), and the hypervolume of what each run had found within it is compared across
 * strategies: each other strategy minus random with a 95% Welch interval over seeds. No equivalence test:
 * a hypervolume has no accuracy margin.
 */
import { ParetoFrontier, hypervolume, normalise, referencePoint } from '../pareto/index.js';
import { objectiveScales } from '../search/problem.js';
import type { SearchSpace } from '../space/types.js';
import { rowCompute, type TrialRow } from './data.js';
import { welch } from './inference.js';
import { meanInterval } from './intervals.js';
import type { SearchAtCompute, SearchComputeArm } from './result-types.js';
import { mean } from './stats.js';
import type { StudyPlan } from './units.js';
import type { Study } from './types.js';

/** The unit's trials in proposal order, each with the cumulative compute once it is done (parents charged). */
export function cumulativeCompute(rows: readonly TrialRow[]): { row: TrialRow; total: number }[] {
  const parents = new Map(rows.filter((r) => r.role === 'parent').map((r) => [r.hash, r]));
  const charged = new Set<string>();
  let total = 0;
  return rows
    .filter((r) => r.role === 'trial')
    .sort((a, b) => a.number - b.number)
    .map((row) => {
      const parent = row.parentHash !== undefined ? parents.get(row.parentHash) : undefined;
      if (parent && !charged.has(parent.hash)) {
        charged.add(parent.hash);
        total += rowCompute(parent);
      }
      total += rowCompute(row);
      return { row, total };
    });
}

export function searchAtCompute(study: Study, space: SearchSpace, plan: StudyPlan, rows: readonly TrialRow[]): SearchAtCompute | null {
  const experiments = study.experiments.filter((e) => e.type === 'search');
  if (experiments.length === 0) return null;
  const runs = experiments.map((e) => ({
    experiment: e.name,
    strategy: e.type === 'search' ? e.strategy : '',
    seeds: plan.units
      .filter((u) => u.experiment === e.name)
      .map((u) => ({ seed: u.seed, trials: cumulativeCompute(rows.filter((r) => r.unit === u.name)) }))
      .filter((s) => s.trials.length > 0),
  }));
  const totals = runs.flatMap((r) => r.seeds.map((s) => s.trials[s.trials.length - 1]!.total));
  if (totals.length === 0) return null;
  const cap = Math.min(...totals);
  const scales = objectiveScales(space);
  const reference = referencePoint(scales.length);
  const arms: SearchComputeArm[] = runs.map((r) => {
    const seeds = r.seeds.map((s) => {
      const within = s.trials.filter((t) => t.total <= cap).map((t) => t.row);
      const front = new ParetoFrontier();
      for (const t of within.filter((x) => x.state === 'done' && x.valAccuracy !== null)) {
        const values = space.objectives.map((o) => (o.metric === 'accuracy' ? (t.valAccuracy as number) : o.metric === 'params' ? t.params : t.flops));
        front.add(t.hash, normalise(values, scales));
      }
      return { seed: s.seed, compute: s.trials[s.trials.length - 1]!.total, trials: s.trials.length, trialsWithin: within.length, hypervolume: hypervolume(front.points(), reference) };
    });
    const hv = seeds.map((s) => s.hypervolume);
    const ci = meanInterval(hv);
    return { experiment: r.experiment, strategy: r.strategy, seeds, hypervolume: ci ? { mean: mean(hv), ...ci } : null };
  });
  return { cap, arms, differences: differencesOf(arms) };
}

function differencesOf(arms: SearchComputeArm[]): SearchAtCompute['differences'] {
  const random = arms.find((a) => a.strategy === 'random');
  if (!random || random.seeds.length < 2) return [];
  return arms
    .filter((a) => a !== random && a.seeds.length >= 2)
    .map((other) => {
      const w = welch(other.seeds.map((s) => s.hypervolume), random.seeds.map((s) => s.hypervolume));
      return { a: other.experiment, b: random.experiment, estimate: w.difference, low: w.low, high: w.high, p: w.p };
    });
}
