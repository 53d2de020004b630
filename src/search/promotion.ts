/**
 * Asynchronous successive halving with Pareto-rank promotion. A trial done at rung r is
 * promoted when it is among the best floor(n/eta) feasible trials done at r (n = how many
 * there are so far), ranked by non-dominated sorting then crowding distance on the
 * normalised objectives, and fewer than floor(n/eta) trials were promoted from r already.
 * Infeasible trials are never promoted.
 */
import { crowdingDistance, nonDominatedSort } from '../pareto/index.js';
import type { TrialRecord } from '../store/types.js';
import { normalisedValues } from './evaluation.js';
import type { SearchProblem } from './problem.js';

export function rankedForPromotion(problem: SearchProblem, done: readonly TrialRecord[]): TrialRecord[] {
  const values = done.map((r) => normalisedValues(problem, r));
  const out: TrialRecord[] = [];
  for (const front of nonDominatedSort(values)) {
    const crowd = crowdingDistance(front.map((i) => values[i]!));
    const order = front.map((i, k) => ({ i, c: crowd[k]! })).sort((a, b) => b.c - a.c || done[a.i]!.number - done[b.i]!.number);
    for (const { i } of order) out.push(done[i]!);
  }
  return out;
}

/** The next trial to promote (and its new rung), or null. Highest rungs first. */
export function nextPromotion(
  problem: SearchProblem,
  trials: readonly TrialRecord[],
  rungCount: number,
  eta: number,
  exists: (hash: string, rung: number) => boolean,
): { from: TrialRecord; rung: number } | null {
  for (let r = rungCount - 2; r >= 0; r--) {
    const done = trials.filter((t) => t.rung === r && t.state === 'done' && !t.infeasible);
    const quota = Math.floor(done.length / eta);
    if (quota === 0) continue;
    const promoted = trials.filter((t) => t.rung === r + 1).length;
    if (promoted >= quota) continue;
    const top = rankedForPromotion(problem, done).slice(0, quota);
    const pick = top.find((t) => !exists(t.hash, r + 1));
    if (pick) return { from: pick, rung: r + 1 };
  }
  return null;
}
