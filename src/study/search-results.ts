/**
 * The search arms (pure): per search experiment and seed, the frontier and hypervolume of
 * its trainings, recomputed from the per-trial data with the space's fixed normalisation
 * (as the search itself stores it), and the mean hypervolume with its 95% interval.
 */
import { ParetoFrontier, hypervolume, normalise, referencePoint } from '../pareto/index.js';
import { objectiveScales } from '../search/problem.js';
import { isEffectivelyShared } from '../arch/index.js';
import { decode } from '../space/index.js';
import type { SearchSpace } from '../space/types.js';
import { rowCompute, type TrialRow } from './data.js';
import { meanInterval } from './intervals.js';
import { mean } from './stats.js';
import type { SearchResult } from './result-types.js';
import type { StudyPlan } from './units.js';
import type { Study } from './types.js';

export function searchesOf(study: Study, space: SearchSpace, plan: StudyPlan, rows: readonly TrialRow[]): SearchResult[] {
  const scales = objectiveScales(space);
  const reference = referencePoint(scales.length);
  return study.experiments.flatMap((e) => {
    if (e.type !== 'search') return [];
    const seeds = plan.units
      .filter((u) => u.experiment === e.name && rows.some((r) => r.unit === u.name))
      .map((u) => {
        const done = rows.filter((r) => r.unit === u.name && r.role === 'trial' && r.state === 'done');
        const front = new ParetoFrontier();
        const values = (r: TrialRow): number[] =>
          space.objectives.map((o) => (o.metric === 'accuracy' ? (r.valAccuracy as number) : o.metric === 'params' ? r.params : r.flops));
        for (const r of done) front.add(r.hash, normalise(values(r), scales));
        const onFront = new Set(front.ids());
        const spent = rows.filter((r) => r.unit === u.name);
        return {
          seed: u.seed,
          trials: done.length,
          compute: spent.reduce((sum, r) => sum + rowCompute(r), 0),
          trainings: spent.length,
          frontier: done
            .filter((r) => onFront.has(r.hash))
            .map((r) => ({ label: r.label, shared: isEffectivelyShared(decode(space, r.genome)), params: r.params, flops: r.flops, accuracy: r.valAccuracy as number }))
            .sort((a, b) => a.params - b.params || b.accuracy - a.accuracy),
          hypervolume: hypervolume(front.points(), reference),
          bestAccuracy: done.reduce((m, r) => Math.max(m, r.valAccuracy as number), 0),
        };
      });
    const hv = seeds.map((s) => s.hypervolume);
    const ci = meanInterval(hv);
    const budget = rows.find((r) => r.experiment === e.name)?.budget ?? null;
    return [{ experiment: e.name, strategy: e.strategy, budget, seeds, hypervolume: ci ? { mean: mean(hv), ...ci } : null }];
  });
}
