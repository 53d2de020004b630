/**
 * Regularized (aging) evolution (Real et al. 2019), multi-objective: the population is a
 * queue of the latest `population` evaluations; a parent is the best of `sample` random
 * members by constrained Pareto rank then crowding distance, both computed over the whole
 * population (so the tournament also favours members in sparse regions); the child is a mutation of it; the
 * oldest member dies when a new one arrives. The first `population` proposals are random.
 */
import { randInt } from '../../util/random.js';
import { intOption, type Evaluation, type Proposal, type Strategy, type StrategyContext } from './contract.js';
import { better, rankEvaluations } from './selection.js';
import { freshChild } from './novelty.js';

interface EvolutionState {
  population: Evaluation[];
  asked: number;
  seen: string[];
}

export function createRegularizedEvolution(context: StrategyContext): Strategy {
  const { ops, rng } = context;
  const size = intOption(context.options, 'population', 20, 2);
  const sampleSize = intOption(context.options, 'sample', Math.max(2, Math.min(5, Math.floor(size / 2))), 1);
  let s: EvolutionState = { population: [], asked: 0, seen: [] };
  let seen = new Set<string>();
  /** Rank and crowding of the population members, recomputed when it changes. */
  let ranks: ReturnType<typeof rankEvaluations> | null = null;

  function one(): Proposal {
    s.asked++;
    if (s.asked <= size || s.population.length === 0) {
      return { genome: freshChild(ops, rng, seen, () => ops.sample(rng)), meta: { origin: 'random' } };
    }
    ranks ??= rankEvaluations(s.population);
    const picks = Array.from({ length: Math.min(sampleSize, s.population.length) }, () => randInt(rng, s.population.length));
    let best = picks[0]!;
    for (const k of picks) if (better(ranks[k]!, ranks[best]!)) best = k;
    const parent = s.population[best]!;
    return { genome: freshChild(ops, rng, seen, () => ops.mutate(parent.genome, rng)), meta: { origin: 'mutation', parent: parent.key } };
  }

  return {
    name: 'evolution',
    ask: (n) => Array.from({ length: n }, one),
    tell(evaluations) {
      for (const e of evaluations) {
        seen.add(e.key);
        if (e.values === null) continue;
        s.population.push(e);
        if (s.population.length > size) s.population.shift();
        ranks = null;
      }
    },
    state: () => ({ ...s, seen: [...seen] }),
    restore(state) {
      s = structuredClone(state as EvolutionState);
      seen = new Set(s.seen);
      ranks = null;
    },
  };
}
