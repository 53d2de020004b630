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

/** The objective as a lookup table (every valid genome), for peers in other languages (bench/optuna-peer.ts). */
export function sharingTable(space: SearchSpace): { cardinalities: number[]; objectives: number; worst: number[]; genomes: Record<string, [string, number[], number]> } {
  const problem = spaceProblem(space);
  const budget = rungBudgets(space.budget)[0]!;
  const cards = geneCardinalities(space);
  const genome = cards.map(() => 0);
  const genomes: Record<string, [string, number[], number]> = {};
  const worst = problem.objectives.map(() => 0);
  for (;;) {
    if (validateGenome(space, genome) === null) {
      const { c, values } = objectiveOf(problem, budget, genome);
      genomes[genome.join(',')] = [c.hash, values, c.violation];
      values.forEach((v, i) => (worst[i] = Math.max(worst[i]!, v)));
    }
    let i = cards.length - 1;
    while (i >= 0 && ++genome[i]! === cards[i]) genome[i--] = 0;
    if (i < 0) break;
  }
  return { cardinalities: cards, objectives: problem.objectives.length, worst, genomes };
}

/**
 * Hypervolume of what a search has evaluated, after each number of evaluations counted two
 * ways: every proposal (a repeat of a known architecture, or a genome the space rejects,
 * counts too) and distinct architectures only (canonical key; repeats and rejected genomes
 * are free).
 */
export class SharingCurves {
  readonly every: number[] = [];
  readonly distinct: number[] = [];
  #problem: SearchProblem;
  #budget: ProxyBudget;
  #checkpoints: readonly number[];
  #archive = new ParetoFrontier();
  #seen = new Map<string, { values: number[]; violation: number }>();
  #proposals = 0;
  #reference: number[];

  constructor(space: SearchSpace, checkpoints: readonly number[]) {
    this.#problem = spaceProblem(space);
    this.#budget = rungBudgets(space.budget)[0]!;
    this.#checkpoints = checkpoints;
    this.#reference = referencePoint(this.#problem.objectives.length);
  }

  get proposals(): number {
    return this.#proposals;
  }

  get architectures(): number {
    return this.#seen.size;
  }

  /** True once both curves reach the last checkpoint. */
  get complete(): boolean {
    return this.every.length === this.#checkpoints.length && this.distinct.length === this.#checkpoints.length;
  }

  /** Evaluates one proposal; null when the space rejects the genome. */
  add(genome: number[]): { genome: number[]; key: string; values: number[]; violation: number } | null {
    this.#proposals++;
    const described = this.#problem.tryDescribe(genome);
    let result = null;
    if (typeof described !== 'string') {
      let known = this.#seen.get(described.hash);
      if (!known) {
        const { values } = objectiveOf(this.#problem, this.#budget, described.genome);
        known = { values, violation: described.violation };
        this.#seen.set(described.hash, known);
        if (described.violation === 0) this.#archive.add(described.hash, values);
        if (this.#checkpoints[this.distinct.length] === this.#seen.size) this.distinct.push(this.#volume());
      }
      result = { genome: described.genome, key: described.hash, values: known.values, violation: known.violation };
    }
    if (this.#checkpoints[this.every.length] === this.#proposals) this.every.push(this.#volume());
    return result;
  }

  #volume(): number {
    return hypervolume(this.#archive.points(), this.#reference);
  }
}

/**
 * One strategy on the sharing objective until both curves reach the last checkpoint (or
 * `cap` proposals). Returns both curves and the strategy's own time per proposal.
 */
export function runSharingCurves(space: SearchSpace, factory: StrategyFactory, seed: number, checkpoints: number[], batch: number, cap: number, population = 12) {
  const problem = spaceProblem(space);
  const rng = makeRng(seed);
  const strategy = factory({ ops: problem.ops, rng, objectives: problem.objectives.length, options: { population } });
  const curves = new SharingCurves(space, checkpoints);
  let strategyMs = 0;
  while (!curves.complete && curves.proposals < cap) {
    const t = performance.now();
    const proposals = strategy.ask(Math.min(batch, cap - curves.proposals));
    strategyMs += performance.now() - t;
    const evals = proposals.map((p) => curves.add(p.genome)).filter((e) => e !== null);
    const u = performance.now();
    strategy.tell(evals);
    strategyMs += performance.now() - u;
  }
  return { every: curves.every, distinct: curves.distinct, proposals: curves.proposals, msPerProposal: strategyMs / curves.proposals };
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
