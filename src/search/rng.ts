/**
 * The seeded generator a search draws from, with a serialisable state so a resumed run
 * continues the exact random stream (seedrandom's ARC4, like util/random's makeRng).
 */
import seedrandom from 'seedrandom';
import type { Rng } from '../util/random.js';

export interface SearchRng extends Rng {
  /** JSON-serialisable state; pass it back to makeSearchRng to continue the stream. */
  state(): unknown;
}

export function makeSearchRng(seed: number | string, state?: unknown): SearchRng {
  const prng =
    state === undefined || state === null
      ? seedrandom(String(seed), { state: true })
      : seedrandom('', { state: state as seedrandom.State.Arc4 });
  const rng = (() => prng.double()) as SearchRng;
  rng.state = () => prng.state();
  return rng;
}

/**
 * A 31-bit integer seed derived from a run seed and a label (e.g. a trial number): FNV-1a
 * over the text "seed:label". (Mixing the seed into the offset basis as well made seeds 0
 * and 1 collide: the first character's XOR undid it.)
 */
export function deriveSeed(seed: number, label: string | number): number {
  let h = 2166136261;
  for (const ch of `${seed}:${label}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) & 0x7fffffff;
}
