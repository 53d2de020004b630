/** Seeds derived from a run's seed. The generator itself is util/random's makeRng. */
import { fnv1a } from '../util/hash.js';

/**
 * A 31-bit integer seed derived from a run seed and a label (e.g. a trial number): FNV-1a
 * over the text "seed:label". (Mixing the seed into the offset basis as well made seeds 0
 * and 1 collide: the first character's XOR undid it.)
 */
export function deriveSeed(seed: number, label: string | number): number {
  return fnv1a(`${seed}:${label}`) & 0x7fffffff;
}
