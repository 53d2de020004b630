/**
 * Seeded randomness. Every random decision in spin-nas goes through an `Rng` made here,
 * so the same seed gives the same samples, mutations and permutations on every machine.
 */
import seedrandom from 'seedrandom';

/** A random generator: returns floats in [0, 1). */
export type Rng = () => number;

/** A seeded generator with a JSON-serialisable state. */
export interface SeededRng extends Rng {
  /** Pass it back to makeRng to continue the exact stream (a resumed search does). */
  state(): unknown;
}

/** A deterministic generator (seedrandom's ARC4) for a number or string seed, or continuing a saved state. */
export function makeRng(seed: number | string, state?: unknown): SeededRng {
  const prng =
    state === undefined || state === null
      ? seedrandom(String(seed), { state: true })
      : seedrandom('', { state: state as seedrandom.State.Arc4 });
  const rng = (() => prng.double()) as SeededRng;
  rng.state = () => prng.state();
  return rng;
}

/** A uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`randInt needs a positive integer bound, got ${n}`);
  return Math.min(n - 1, Math.floor(rng() * n));
}

/** A uniformly chosen element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick needs a non-empty array');
  return items[randInt(rng, items.length)] as T;
}

/** A shuffled copy (Fisher-Yates); the input is left as it was. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Fisher-Yates shuffle in place (the same draws as `shuffle`, for typed arrays). */
export function shuffleInPlace(items: Int32Array | number[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}

/** An index drawn with probability proportional to its (non-negative) weight. */
export function pickWeighted(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('pickWeighted needs a positive total weight');
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return i;
  }
  return weights.length - 1;
}
