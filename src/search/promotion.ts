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

/**
 * The best `count` trials: whole fronts in order, the front that does not fit entirely cut
 * by crowding distance (largest first); ties by creation order.
 */
export function rankedForPromotion(problem: SearchProblem, done: readonly TrialRecord[], count = done.length): TrialRecord[] {
  const values = done.map((r) => normalisedValues(problem, r));
  const out: TrialRecord[] = [];
  for (const front of nonDominatedSort(values)) {
    if (out.length >= count) break;
    let order = front.map((i) => ({ i, c: 0 }));
    if (out.length + front.length > count) {
      const crowd = crowdingDistance(front.map((i) => values[i]!));
      order = front.map((i, k) => ({ i, c: crowd[k]! }));
    }
    order.sort((a, b) => b.c - a.c || done[a.i]!.number - done[b.i]!.number);
    for (const { i } of order) out.push(done[i]!);
  }
  return out.slice(0, count);
}

/**
 * Rankings per rung. A ranking is recomputed whenever the rung's done trials changed, except
 * on large rungs, where it is reused until they grew by 1/16 (ranking thousands of trials at
 * every completion would dominate a fast search); promotions then follow a ranking at most
 * about 6% out of date.
 */
export type PromotionCache = Map<number, { done: number; ranked: TrialRecord[] }>;

/** Per rung: feasible done trials, and how many trials exist there. */
export interface RungView {
  done: TrialRecord[][];
  created: number[];
}

export function rungView(trials: readonly TrialRecord[], rungCount: number): RungView {
  const view: RungView = { done: Array.from({ length: rungCount }, () => []), created: new Array<number>(rungCount).fill(0) };
  for (const t of trials) {
    view.created[t.rung]!++;
    if (t.state === 'done' && !t.infeasible) view.done[t.rung]!.push(t);
  }
  return view;
}

/** The next trial to promote (and its new rung), or null. Highest rungs first. */
export function nextPromotion(
  problem: SearchProblem,
  view: RungView,
  eta: number,
  exists: (hash: string, rung: number) => boolean,
  cache: PromotionCache = new Map(),
): { from: TrialRecord; rung: number } | null {
  const { done, created } = view;
  for (let r = done.length - 2; r >= 0; r--) {
    const quota = Math.floor(done[r]!.length / eta);
    if (quota === 0 || created[r + 1]! >= quota) continue;
    const n = done[r]!.length;
    let cached = cache.get(r);
    if (!cached || (cached.done !== n && (n < 32 || n - cached.done >= Math.floor(cached.done / 16)))) {
      cached = { done: n, ranked: rankedForPromotion(problem, done[r]!, Math.min(n, 2 * quota + eta)) };
      cache.set(r, cached);
    }
    const top = cached.ranked.slice(0, quota);
    const pick = top.find((t) => !exists(t.hash, r + 1));
    if (pick) return { from: pick, rung: r + 1 };
  }
  return null;
}
