/**
 * Crowding distance (Deb et al. 2002) of the points of one front: the sum over objectives
 * of the normalised gap between each point's neighbours. Boundary points get Infinity.
 */
export function crowdingDistance(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const distance = new Array<number>(n).fill(0);
  if (n === 0) return distance;
  if (n <= 2) return distance.fill(Infinity);
  const m = points[0]!.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < m; k++) {
    idx.sort((a, b) => points[a]![k]! - points[b]![k]! || a - b);
    const lo = points[idx[0]!]![k]!;
    const hi = points[idx[n - 1]!]![k]!;
    distance[idx[0]!] = Infinity;
    distance[idx[n - 1]!] = Infinity;
    const span = hi - lo;
    if (span <= 0) continue;
    for (let j = 1; j < n - 1; j++) {
      const i = idx[j]!;
      if (distance[i] === Infinity) continue;
      distance[i]! += (points[idx[j + 1]!]![k]! - points[idx[j - 1]!]![k]!) / span;
    }
  }
  return distance;
}
