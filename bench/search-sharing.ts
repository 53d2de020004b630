/**
 * Strategies compared on a synthetic sharing-space objective: the real convmixer-fmnist
 * space, its exact cost model (params, FLOPs) and the synthetic executor's deterministic
 * accuracy model at the rung-0 budget. Three objectives, normalised as in a real run;
 * hypervolume of everything evaluated, after each number of evaluations, averaged over seeds.
 * Infeasible genomes (over the space's constraints) count as evaluations but never add volume.
 */
import { syntheticAccuracy } from '../src/executor/index.js';
import { ParetoFrontier, hypervolume, normalise, referencePoint } from '../src/pareto/index.js';
import { rungBudgets, spaceProblem, type SearchProblem, type StrategyFactory } from '../src/search/index.js';
import { makeRng } from '../src/util/random.js';
import { geneCardinalities, validateGenome } from '../src/space/index.js';
import type { ProxyBudget, SearchSpace } from '../src/space/types.js';

function objectiveOf(problem: SearchProblem, budget: ProxyBudget, genome: number[]) {
  const c = problem.describe(genome);
  const acc = syntheticAccuracy(c.arch, budget, 0);
  const raw = problem.objectives.map((o) => (o.metric === 'accuracy' ? acc : o.metric === 'params' ? c.cost.params : c.cost.flops));
  return { c, values: normalise(raw, problem.scales) };
}

/** Hypervolume of the true frontier, by enumerating every genome of the space. */
export function optimalHypervolume(space: SearchSpace): { value: number; architectures: number } {
  const problem = spaceProblem(space);
  const budget = rungBudgets(space.budget)[0]!;
  const cards = geneCardinalities(space);
  const genome = cards.map(() => 0);
  const frontier = new ParetoFrontier();
  const seen = new Set<string>();
  for (;;) {
    if (validateGenome(space, genome) === null) {
      const { c, values } = objectiveOf(problem, budget, genome);
      if (!seen.has(c.hash)) {
        seen.add(c.hash);
        if (c.violation === 0) frontier.add(c.hash, values);
      }
    }
    let i = cards.length - 1;
    while (i >= 0 && ++genome[i]! === cards[i]) genome[i--] = 0;
    if (i < 0) break;
  }
  return { value: hypervolume(frontier.points(), referencePoint(problem.objectives.length)), architectures: seen.size };
}

export function runSharing(space: SearchSpace, factory: StrategyFactory, seed: number, evaluations: number, batch: number, checkpoints: number[], population: number) {
  const problem = spaceProblem(space);
  const budget = rungBudgets(space.budget)[0]!;
  const rng = makeRng(seed);
  const strategy = factory({ ops: problem.ops, rng, objectives: problem.objectives.length, options: { population } });
  const reference = referencePoint(problem.objectives.length);
  const archive = new ParetoFrontier();
  const seen = new Map<string, { values: number[]; violation: number }>();
  const curve: number[] = [];
  let done = 0;
  while (done < evaluations) {
    const proposals = strategy.ask(Math.min(batch, evaluations - done));
    const evals = proposals.map((p) => {
      const { c, values } = objectiveOf(problem, budget, p.genome);
      let known = seen.get(c.hash);
      if (!known) {
        known = { values, violation: c.violation };
        seen.set(c.hash, known);
        if (c.violation === 0) archive.add(c.hash, known.values);
      }
      done++;
      if (checkpoints.includes(done)) curve.push(hypervolume(archive.points(), reference));
      return { genome: c.genome, key: c.hash, values: known.values, violation: known.violation };
    });
    strategy.tell(evals);
  }
  return curve;
}
