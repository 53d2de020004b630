/**
 * Ranking shared by the evolutionary strategies: constrained Pareto ranking (Deb 2002:
 * feasible before infeasible, infeasible by violation), then crowding distance.
 */
import { crowdingDistance, nonDominatedSort } from '../../pareto/index.js';
import type { Evaluation } from './contract.js';

export interface Ranked {
  rank: number;
  crowding: number;
}

/** Rank and crowding of every evaluation (failed ones, values null, must be filtered out). */
export function rankEvaluations(evals: readonly Evaluation[]): Ranked[] {
  const out: Ranked[] = evals.map(() => ({ rank: Infinity, crowding: 0 }));
  const feasible = evals.flatMap((e, i) => (e.violation === 0 ? [i] : []));
  const fronts = nonDominatedSort(feasible.map((i) => evals[i]!.values!));
  let rank = 0;
  for (const front of fronts) {
    const idx = front.map((j) => feasible[j]!);
    const crowd = crowdingDistance(idx.map((i) => evals[i]!.values!));
    idx.forEach((i, k) => (out[i] = { rank, crowding: crowd[k]! }));
    rank++;
  }
  const infeasible = evals.flatMap((e, i) => (e.violation > 0 ? [i] : []));
  infeasible.sort((a, b) => evals[a]!.violation - evals[b]!.violation);
  let last = -1;
  for (const i of infeasible) {
    if (evals[i]!.violation !== last) rank++;
    last = evals[i]!.violation;
    out[i] = { rank, crowding: 0 };
  }
  return out;
}

/** True when a is preferred to b (lower rank, then larger crowding distance). */
export function better(a: Ranked, b: Ranked): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.crowding > b.crowding);
}
