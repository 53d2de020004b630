/**
 * The good/bad split of multi-objective TPE (Ozaki et al. 2020, as Optuna 3.1 does it), pure:
 * the best `gamma(n)` evaluations form the "below" set, filled front by front in constrained
 * Pareto order (feasible first, then infeasible by violation); the front that does not fit
 * whole is cut by greedy hypervolume subset selection. Below members are weighted by their
 * hypervolume contribution (infeasible ones get a token weight); the rest, "above", get
 * Optuna's default weights (older observations fade once there are more than 25).
 */
import { hypervolume } from '../../pareto/index.js';
import { rankEvaluations } from './selection.js';

const EPS = 1e-12;

export interface Observation {
  values: number[];
  violation: number;
}

export interface Split {
  below: number[];
  belowWeights: number[];
  above: number[];
  aboveWeights: number[];
}

/** Optuna's default gamma: 10% of the observations, at most 25. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default_weights: 1 for the newest 25, a ramp from 1/n up for the older ones. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** The split of `obs` (in the order they were told) with `nBelow` members below. */
export function splitObservations(obs: readonly Observation[], nBelow: number): Split {
  const ranks = rankEvaluations(obs.map((o) => ({ genome: [], key: '', values: o.values, violation: o.violation })));
  const byRank = new Map<number, number[]>();
  obs.forEach((_, i) => {
    const r = ranks[i]!.rank;
    const list = byRank.get(r);
    if (list) list.push(i);
    else byRank.set(r, [i]);
  });
  const below: number[] = [];
  for (const r of [...byRank.keys()].sort((a, b) => a - b)) {
    const front = byRank.get(r)!;
    const room = nBelow - below.length;
    if (room <= 0) break;
    if (front.length <= room) below.push(...front);
    else below.push(...greedySubset(front.map((i) => obs[i]!.values), room).map((k) => front[k]!));
  }
  below.sort((a, b) => a - b);
  const inBelow = new Set(below);
  const above = obs.map((_, i) => i).filter((i) => !inBelow.has(i));
  return { below, belowWeights: contributionWeights(below.map((i) => obs[i]!)), above, aboveWeights: defaultWeights(above.length) };
}

/** Reference point for a set: 1.1 x its worst point (0.9 x where negative), as Optuna. */
function referenceOf(points: readonly number[][]): number[] {
  const m = points[0]!.length;
  return Array.from({ length: m }, (_, k) => {
    const worst = Math.max(...points.map((p) => p[k]!));
    const r = Math.max(1.1 * worst, 0.9 * worst);
    return r === 0 ? EPS : r;
  });
}

/** Greedy hypervolume subset selection: `k` of `points`, each step adding the largest gain. */
export function greedySubset(points: readonly number[][], k: number): number[] {
  const reference = referenceOf(points);
  const chosen: number[] = [];
  const left = new Set(points.map((_, i) => i));
  let current = 0;
  while (chosen.length < k && left.size > 0) {
    let best = -1;
    let bestGain = -Infinity;
    for (const i of left) {
      const gain = hypervolume([...chosen.map((j) => points[j]!), points[i]!], reference) - current;
      if (gain > bestGain) {
        best = i;
        bestGain = gain;
      }
    }
    chosen.push(best);
    left.delete(best);
    current += bestGain;
  }
  return chosen;
}

/** Hypervolume contributions of the feasible members, scaled to [0, 1]; EPS for infeasible ones. */
function contributionWeights(members: readonly Observation[]): number[] {
  const feasible = members.flatMap((m, i) => (m.violation === 0 ? [i] : []));
  const weights = new Array<number>(members.length).fill(EPS);
  if (feasible.length === 1) weights[feasible[0]!] = 1;
  if (feasible.length < 2) return weights;
  const points = feasible.map((i) => members[i]!.values);
  const reference = referenceOf(points);
  const total = hypervolume(points, reference);
  const contributions = points.map((_, k) => total - hypervolume(points.filter((__, j) => j !== k), reference) + EPS);
  const max = Math.max(...contributions);
  feasible.forEach((i, k) => (weights[i] = Math.min(1, Math.max(0, contributions[k]! / max))));
  return weights;
}
