/**
 * NSGA-II (Deb et al. 2002), asynchronous ask/tell form. Parents are the survivors of the
 * last environmental selection; each proposal is bred by two binary tournaments (constrained
 * Pareto rank, then crowding distance), the space's crossover (with probability
 * `crossover`, default 0.9) and mutation. When `population` offspring have been evaluated,
 * parents and offspring are merged, de-duplicated and the best `population` survive (fronts
 * in order, the last one cut by crowding distance). Until the first `population` random
 * samples are evaluated, proposals are random.
 */
import { randInt } from '../../util/random.js';
import { intOption, type Evaluation, type Proposal, type Strategy, type StrategyContext } from './contract.js';
import { freshChild } from './novelty.js';
import { better, rankEvaluations, type Ranked } from './selection.js';

interface Nsga2State {
  parents: Evaluation[];
  offspring: Evaluation[];
  generation: number;
  seen: string[];
}

export function selectSurvivors(pool: readonly Evaluation[], size: number): Evaluation[] {
  const unique = new Map<string, Evaluation>();
  for (const e of pool) if (e.values !== null && !unique.has(e.key)) unique.set(e.key, e);
  const items = [...unique.values()];
  const ranks = rankEvaluations(items);
  const order = items.map((_, i) => i).sort((a, b) => (better(ranks[a]!, ranks[b]!) ? -1 : better(ranks[b]!, ranks[a]!) ? 1 : a - b));
  return order.slice(0, size).map((i) => items[i]!);
}

export function createNsga2(context: StrategyContext): Strategy {
  const { ops, rng } = context;
  const size = intOption(context.options, 'population', 20, 2);
  const pc = Number(context.options['crossover'] ?? 0.9);
  let s: Nsga2State = { parents: [], offspring: [], generation: 0, seen: [] };
  let seen = new Set<string>();
  let ranks: Ranked[] | null = null;

  function tournament(): Evaluation {
    ranks ??= rankEvaluations(s.parents);
    const i = randInt(rng, s.parents.length);
    const j = randInt(rng, s.parents.length);
    if (better(ranks[i]!, ranks[j]!)) return s.parents[i]!;
    if (better(ranks[j]!, ranks[i]!)) return s.parents[j]!;
    return rng() < 0.5 ? s.parents[i]! : s.parents[j]!;
  }

  function one(): Proposal {
    if (s.parents.length === 0) {
      return { genome: freshChild(ops, rng, seen, () => ops.sample(rng)), meta: { generation: 0 } };
    }
    const genome = freshChild(ops, rng, seen, () => {
      const a = tournament();
      const b = tournament();
      const child = rng() < pc ? ops.crossover(a.genome, b.genome, rng) : a.genome.slice();
      return ops.mutate(child, rng);
    });
    return { genome, meta: { generation: s.generation + 1 } };
  }

  return {
    name: 'nsga2',
    ask: (n) => Array.from({ length: n }, one),
    tell(evaluations) {
      for (const e of evaluations) {
        seen.add(e.key);
        if (e.values !== null) s.offspring.push(e);
      }
      if (s.offspring.length >= size) {
        s.parents = selectSurvivors([...s.parents, ...s.offspring], size);
        s.offspring = [];
        s.generation++;
        ranks = null;
      }
    },
    state: () => ({ ...s, seen: [...seen] }),
    restore(state) {
      s = structuredClone(state as Nsga2State);
      seen = new Set(s.seen);
      ranks = null;
    },
  };
}
