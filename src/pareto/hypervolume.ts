/**
 * Exact hypervolume of a set of minimisation vectors with respect to a reference point:
 * the volume of the region dominated by the set and bounded by the reference. Points that
 * do not strictly dominate the reference contribute nothing. 1, 2 and 3 objectives.
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const m = reference.length;
  const inside = points.filter((p) => {
    if (p.length !== m) throw new RangeError(`point has ${p.length} objectives, reference has ${m}`);
    return p.every((v, k) => v < reference[k]!);
  });
  if (inside.length === 0) return 0;
  if (m === 1) return reference[0]! - Math.min(...inside.map((p) => p[0]!));
  if (m === 2) return hv2(inside.map((p) => [p[0]!, p[1]!] as const), reference[0]!, reference[1]!);
  if (m === 3) return hv3(inside, reference);
  throw new RangeError(`exact hypervolume is implemented for 1 to 3 objectives, got ${m}`);
}

function hv2(points: (readonly [number, number])[], r0: number, r1: number): number {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let volume = 0;
  let bestF1 = r1;
  for (const [x, y] of sorted) {
    if (y < bestF1) {
      volume += (r0 - x) * (bestF1 - y);
      bestF1 = y;
    }
  }
  return volume;
}

/** Sweeps the third objective upwards; between consecutive levels the slice is a 2-D hypervolume. */
function hv3(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[2]! - b[2]!);
  const slice: (readonly [number, number])[] = [];
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    slice.push([p[0]!, p[1]!]);
    const next = i + 1 < sorted.length ? sorted[i + 1]![2]! : reference[2]!;
    if (next > p[2]!) volume += hv2(slice, reference[0]!, reference[1]!) * (next - p[2]!);
  }
  return volume;
}
