/**
 * Dominance between objective vectors with per-objective directions. Internally every
 * routine in this folder works on minimisation vectors; `toMinimization` converts.
 */
export type Direction = 'minimize' | 'maximize';

/** Negates maximised objectives so that smaller is better everywhere. */
export function toMinimization(values: readonly number[], directions: readonly Direction[]): number[] {
  if (values.length !== directions.length) {
    throw new RangeError(`expected ${directions.length} objective values, got ${values.length}`);
  }
  return values.map((v, i) => (directions[i] === 'maximize' ? -v : v));
}

/**
 * True when `a` dominates `b`: no worse in every objective and strictly better in one.
 * Without `directions` every objective is minimised.
 */
export function dominates(a: readonly number[], b: readonly number[], directions?: readonly Direction[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    const max = directions?.[i] === 'maximize';
    const x = max ? -a[i]! : a[i]!;
    const y = max ? -b[i]! : b[i]!;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/** Minimisation-only dominance on plain arrays (the hot path of the sorts). */
export function dominatesMin(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strictly = true;
  }
  return strictly;
}
