/**
 * Discretised ZDT1 / ZDT2 (Zitzler, Deb, Thiele 2000) as integer-vector search spaces:
 * n = 30 genes, each gene i taking `levels` values x_i = g_i / (levels - 1) in [0, 1].
 *   f1 = x1,  g = 1 + 9 * sum(x2..xn) / (n - 1)
 *   ZDT1: f2 = g * (1 - sqrt(f1 / g))      ZDT2: f2 = g * (1 - (f1 / g)^2)
 * The true front of the discretised problem is g = 1 (x2..xn = 0) with x1 on the grid.
 * Hypervolume: both objectives minimised, reference point (1.1, 1.1), no normalisation.
 */
import { ParetoFrontier, hypervolume } from '../src/pareto/index.js';
import { vectorOps, type StrategyFactory } from '../src/search/index.js';
import { makeRng } from '../src/util/random.js';

export interface ZdtProblem {
  name: string;
  n: number;
  levels: number;
  evaluate(genome: readonly number[]): [number, number];
  trueFront(): [number, number][];
}

export function zdt(kind: 1 | 2, n = 30, levels = 101): ZdtProblem {
  const shape = kind === 1 ? (r: number) => 1 - Math.sqrt(r) : (r: number) => 1 - r * r;
  return {
    name: `ZDT${kind}`,
    n,
    levels,
    evaluate(genome) {
      const x = genome.map((v) => v / (levels - 1));
      let sum = 0;
      for (let i = 1; i < n; i++) sum += x[i]!;
      const g = 1 + (9 * sum) / (n - 1);
      const f1 = x[0]!;
      return [f1, g * shape(f1 / g)];
    },
    trueFront: () => Array.from({ length: levels }, (_, k) => [k / (levels - 1), shape(k / (levels - 1))] as [number, number]),
  };
}

export const ZDT_REFERENCE = [1.1, 1.1];

/** Runs a strategy for `evaluations` evaluations (batches of `batch`); HV of everything evaluated. */
export function runZdt(problem: ZdtProblem, factory: StrategyFactory, seed: number, evaluations: number, batch: number, population: number) {
  const ops = vectorOps(new Array<number>(problem.n).fill(problem.levels));
  const rng = makeRng(seed);
  const strategy = factory({ ops, rng, objectives: 2, options: { population } });
  const archive = new ParetoFrontier();
  const checkpoints: { evaluations: number; ratio: number }[] = [];
  const truth = hypervolume(problem.trueFront(), ZDT_REFERENCE);
  let done = 0;
  while (done < evaluations) {
    const proposals = strategy.ask(Math.min(batch, evaluations - done));
    const evals = proposals.map((p) => {
      const values = problem.evaluate(p.genome);
      archive.add(ops.key(p.genome), values);
      return { genome: p.genome, key: ops.key(p.genome), values, violation: 0 };
    });
    strategy.tell(evals);
    done += proposals.length;
    if (done % 1000 === 0 || done === evaluations) checkpoints.push({ evaluations: done, ratio: hypervolume(archive.points(), ZDT_REFERENCE) / truth });
  }
  return { ratio: checkpoints[checkpoints.length - 1]!.ratio, checkpoints, truth };
}
