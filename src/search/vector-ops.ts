/**
 * Genome operators for a plain integer-vector space (gene i takes values 0..cards[i]-1,
 * every vector valid). Used by benchmark problems such as discretised ZDT and by tests; the
 * sharing space has its own operators (space-ops.ts).
 *
 * Mutation changes each gene with probability 1/n (at least one gene): half the time a
 * uniform reset, otherwise a small step whose size follows a discrete polynomial-like
 * distribution (mostly +-1, occasionally far), which lets a search refine ordered genes.
 * Crossover is uniform with a per-gene blend: the child's gene is a's, b's, or (ordered
 * genes) a value between them.
 */
import type { Genome } from '../space/types.js';
import { randInt, type Rng } from '../util/random.js';
import type { GenomeOps } from './strategies/contract.js';

export function vectorOps(cards: readonly number[]): GenomeOps {
  const n = cards.length;
  return {
    sample: (rng) => cards.map((c) => randInt(rng, c)),
    mutate(genome, rng) {
      const out = genome.slice();
      const forced = randInt(rng, n);
      for (let i = 0; i < n; i++) {
        if (i !== forced && rng() >= 1 / n) continue;
        const c = cards[i]!;
        if (c <= 1) continue;
        if (rng() < 0.5) {
          out[i] = randInt(rng, c);
        } else {
          const u = rng();
          const size = Math.max(1, Math.round(Math.pow(u, 4) * (c - 1)));
          const next = out[i]! + (rng() < 0.5 ? -size : size);
          out[i] = Math.min(c - 1, Math.max(0, next));
        }
      }
      return out;
    },
    crossover(a, b, rng) {
      return a.map((x, i) => {
        const y = b[i]!;
        const r = rng();
        if (r < 0.4) return x;
        if (r < 0.8) return y;
        const lo = Math.min(x, y);
        return lo + randInt(rng, Math.abs(x - y) + 1);
      });
    },
    validate(genome: Genome) {
      if (!Array.isArray(genome) || genome.length !== n) return `expected ${n} genes, got ${JSON.stringify(genome)}`;
      for (let i = 0; i < n; i++) {
        const g = genome[i];
        if (!Number.isInteger(g) || g! < 0 || g! >= cards[i]!) return `gene ${i} is ${JSON.stringify(g)}, allowed 0..${cards[i]! - 1}`;
      }
      return null;
    },
    key: (genome) => genome.join(','),
  };
}

/** Convenience for tests and benchmarks: the rng type re-exported. */
export type { Rng };
