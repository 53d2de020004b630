/**
 * Multi-objective TPE (Ozaki et al. 2020; Optuna's MOTPE), ask/tell, model-based. After
 * `startup` random proposals (default 10), each proposal splits the evaluations told so far
 * into good ("below": the best by constrained Pareto rank, the last front cut by hypervolume
 * subset selection, weighted by hypervolume contribution) and the rest ("above"), fits a
 * categorical Parzen estimator to each (parzen.ts), draws `candidates` genomes (default 48)
 * from the good one and proposes the one that maximises l(x) / g(x), the density ratio that
 * stands for expected improvement.
 *
 * What it adds to the textbook sampler, for a space with equivalences and rules:
 * - a candidate the space rejects, or whose canonical key (`ops.key`) was proposed before (by
 *   this run, or earlier in the same batch), is never proposed: no evaluation is spent on an
 *   equivalent genome, and a batch never holds the same model twice;
 * - violations are learned twice: infeasible evaluations rank after every feasible one, so
 *   they sit in "above"; and the score is multiplied by the estimated probability that the
 *   candidate is feasible, from Parzen estimators of the feasible and the infeasible genomes
 *   (their count-weighted ratio, as in constrained TPE).
 * When no fresh candidate comes out of the model (a nearly exhausted region), mutations of
 * good genomes and then uniform samples are tried. All randomness comes from the injected
 * generator; the state is the observations and the keys proposed, so a resume continues
 * exactly.
 */
import type { Genome } from '../../space/types.js';
import { makeRng, pick } from '../../util/random.js';
import { intOption, type Evaluation, type GenomeOps, type Proposal, type Strategy, type StrategyContext } from './contract.js';
import { freshChild } from './novelty.js';
import { CategoricalParzen } from './parzen.js';
import { defaultGamma, splitObservations } from './tpe-split.js';

interface TpeState {
  /** Told evaluations with values (failed ones are not modelled): genome, values, violation. */
  observations: [Genome, number[], number][];
  /** Canonical keys proposed or told. */
  seen: string[];
}

interface Model {
  below: CategoricalParzen;
  above: CategoricalParzen;
  belowGenomes: Genome[];
  /** Densities of feasible and infeasible genomes, each with its share of the observations; null without violations. */
  feasibility: { feasible: CategoricalParzen; infeasible: CategoricalParzen; share: number } | null;
}

export function createMotpe(context: StrategyContext): Strategy {
  const { ops, rng } = context;
  const startup = intOption(context.options, 'startup', 10, 1);
  const candidates = intOption(context.options, 'candidates', 48, 1);
  const cards = ops.cardinalities ? [...ops.cardinalities] : inferCardinalities(ops);
  let s: TpeState = { observations: [], seen: [] };
  let seen = new Set<string>();
  let model: Model | null = null;

  function fit(): Model {
    const obs = s.observations.map(([, values, violation]) => ({ values, violation }));
    const split = splitObservations(obs, defaultGamma(obs.length));
    const genomes = (idx: number[]) => idx.map((i) => s.observations[i]![0]);
    const belowGenomes = genomes(split.below);
    const feasible = s.observations.filter((o) => o[2] === 0).map((o) => o[0]);
    const infeasible = s.observations.filter((o) => o[2] > 0).map((o) => o[0]);
    const uniform = (n: number) => new Array<number>(n).fill(1);
    return {
      below: new CategoricalParzen(cards, belowGenomes, split.belowWeights),
      above: new CategoricalParzen(cards, genomes(split.above), split.aboveWeights),
      belowGenomes,
      feasibility:
        infeasible.length === 0
          ? null
          : {
              feasible: new CategoricalParzen(cards, feasible, uniform(feasible.length)),
              infeasible: new CategoricalParzen(cards, infeasible, uniform(infeasible.length)),
              share: (feasible.length + 1) / (s.observations.length + 2),
            },
    };
  }

  /** log of the estimated probability that `genome` is feasible (0 without any violation seen). */
  function logFeasible(m: Model, genome: Genome): number {
    const f = m.feasibility;
    if (f === null) return 0;
    const a = Math.log(f.share) + f.feasible.logDensity(genome);
    const b = Math.log(1 - f.share) + f.infeasible.logDensity(genome);
    const top = Math.max(a, b);
    return a - (top + Math.log(Math.exp(a - top) + Math.exp(b - top)));
  }

  /** The best fresh, valid candidate drawn from the good density, or null. */
  function fromModel(m: Model): Genome | null {
    let best: Genome | null = null;
    let bestKey = '';
    let bestScore = -Infinity;
    for (let round = 0; round < 4 && best === null; round++) {
      for (let c = 0; c < candidates; c++) {
        const genome = m.below.sample(rng);
        if (ops.validate(genome) !== null) continue;
        const key = ops.key(genome);
        if (seen.has(key)) continue;
        const score = m.below.logDensity(genome) - m.above.logDensity(genome) + logFeasible(m, genome);
        if (score > bestScore) {
          best = genome;
          bestKey = key;
          bestScore = score;
        }
      }
    }
    if (best !== null) seen.add(bestKey);
    return best;
  }

  function one(): Proposal {
    if (s.observations.length < startup) return { genome: freshChild(ops, rng, seen, () => ops.sample(rng)), meta: { origin: 'random' } };
    model ??= fit();
    const genome = fromModel(model);
    if (genome !== null) return { genome, meta: { origin: 'tpe' } };
    const parents = model.belowGenomes;
    const fallback = freshChild(ops, rng, seen, () => (parents.length > 0 && rng() < 0.5 ? ops.mutate(pick(rng, parents), rng) : ops.sample(rng)), 24);
    return { genome: fallback, meta: { origin: 'fallback' } };
  }

  return {
    name: 'motpe',
    ask: (n) => Array.from({ length: n }, one),
    tell(evaluations: Evaluation[]) {
      for (const e of evaluations) {
        seen.add(e.key);
        if (e.values === null) continue;
        s.observations.push([e.genome.slice(), e.values.slice(), e.violation]);
        model = null;
      }
    },
    state: () => ({ observations: s.observations, seen: [...seen] }),
    restore(state) {
      s = structuredClone(state as TpeState);
      seen = new Set(s.seen);
      model = null;
    },
  };
}

/**
 * Gene cardinalities of a space whose operators do not state them: the largest index seen in
 * uniform samples, plus one (from a private generator, so the strategy's stream is untouched).
 */
function inferCardinalities(ops: GenomeOps): number[] {
  const probe = makeRng('motpe-cardinalities');
  const cards: number[] = [];
  for (let i = 0; i < 512; i++) ops.sample(probe).forEach((v, g) => (cards[g] = Math.max(cards[g] ?? 1, v + 1)));
  return cards;
}
