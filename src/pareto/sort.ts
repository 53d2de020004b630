/**
 * Fast non-dominated sorting. Points are first sorted lexicographically, so a point can
 * only be dominated by points before it; each point then finds its front by binary search
 * over the fronts found so far (ENS-BS, Zhang et al. 2015). Two objectives use an
 * O(N log N) special case. Equal points share a front (neither dominates the other).
 */
import { dominatesMin, toMinimization, type Direction } from './dominance.js';

/** Returns the fronts as lists of indices into `points`, best front first. */
export function nonDominatedSort(points: readonly (readonly number[])[], directions?: readonly Direction[]): number[][] {
  const n = points.length;
  if (n === 0) return [];
  const pts = directions ? points.map((p) => toMinimization(p, directions)) : points;
  const m = pts[0]!.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const pa = pts[a]!;
    const pb = pts[b]!;
    for (let k = 0; k < m; k++) if (pa[k] !== pb[k]) return pa[k]! - pb[k]!;
    return a - b;
  });
  return m === 2 ? sortTwo(pts, order) : sortMany(pts, order);
}

/** Front index (0 = non-dominated) of every point. */
export function paretoRanks(points: readonly (readonly number[])[], directions?: readonly Direction[]): number[] {
  const ranks = new Array<number>(points.length).fill(0);
  nonDominatedSort(points, directions).forEach((front, r) => {
    for (const i of front) ranks[i] = r;
  });
  return ranks;
}

function sortTwo(pts: readonly (readonly number[])[], order: number[]): number[][] {
  // Sorted by (f0, f1): a point is dominated by a front iff that front's last point has
  // f1 <= its f1 and is not equal to it. Fronts' last f1 values increase with the index.
  const fronts: number[][] = [];
  const lastF1: number[] = [];
  for (const i of order) {
    const p = pts[i]!;
    let lo = 0;
    let hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const front = fronts[mid]!;
      const last = pts[front[front.length - 1]!]!;
      const dominated = lastF1[mid]! < p[1]! || (lastF1[mid]! === p[1]! && last[0]! < p[0]!);
      if (dominated) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) {
      fronts.push([i]);
      lastF1.push(p[1]!);
    } else {
      fronts[lo]!.push(i);
      lastF1[lo] = p[1]!;
    }
  }
  return fronts;
}

function sortMany(pts: readonly (readonly number[])[], order: number[]): number[][] {
  const fronts: number[][] = [];
  const dominatedBy = (front: number[], p: readonly number[]): boolean => {
    for (let j = front.length - 1; j >= 0; j--) if (dominatesMin(pts[front[j]!]!, p)) return true;
    return false;
  };
  for (const i of order) {
    const p = pts[i]!;
    let lo = 0;
    let hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dominatedBy(fronts[mid]!, p)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) fronts.push([i]);
    else fronts[lo]!.push(i);
  }
  return fronts;
}
