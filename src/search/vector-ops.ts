/**
 * Genome operators for a plain integer-vector space (gene i takes values 0..cards[i]-1,
 * every vector valid), treating genes as ordered: the real-coded operators of NSGA-II
 * (Deb & Agrawal 1995) on the integer grid, rounded. Used by benchmark problems such as
 * discretised ZDT and by tests; the sharing space has its own operators (space-ops in
 * problem.ts).
 *
 * - crossover: simulated binary crossover (SBX, distribution index 15), each gene with
 *   probability 0.5, one of the two children at random;
 * - mutation: polynomial mutation (distribution index 20), each gene with probability 1/n,
 *   at least one gene moved by at least one step.
 */
import type { Genome } from '../space/types.js';
import { randInt, type Rng } from '../util/random.js';
import type { GenomeOps } from './strategies/contract.js';

const ETA_C = 15;
const ETA_M = 20;

function clampRound(v: number, c: number): number {
  return Math.min(c - 1, Math.max(0, Math.round(v)));
}

/** Polynomial mutation of one value in [0, hi]. */
function polynomial(x: number, hi: number, rng: Rng): number {
  if (hi <= 0) return x;
  const d1 = x / hi;
  const d2 = (hi - x) / hi;
  const u = rng();
  const pow = 1 / (ETA_M + 1);
  const delta =
    u < 0.5
      ? Math.pow(2 * u + (1 - 2 * u) * Math.pow(1 - d1, ETA_M + 1), pow) - 1
      : 1 - Math.pow(2 * (1 - u) + 2 * (u - 0.5) * Math.pow(1 - d2, ETA_M + 1), pow);
  return x + delta * hi;
}

/** SBX of one pair of values in [0, hi]; returns one child value. */
function sbx(a: number, b: number, hi: number, rng: Rng): number {
  if (Math.abs(a - b) < 1e-12) return a;
  const lo = Math.min(a, b);
  const up = Math.max(a, b);
  const u = rng();
  const child = (lower: boolean) => {
    const beta = 1 + (2 * (lower ? lo : hi - up)) / (up - lo);
    const alpha = 2 - Math.pow(beta, -(ETA_C + 1));
    const betaq = u <= 1 / alpha ? Math.pow(u * alpha, 1 / (ETA_C + 1)) : Math.pow(1 / (2 - u * alpha), 1 / (ETA_C + 1));
    return 0.5 * (lo + up + (lower ? -1 : 1) * betaq * (up - lo));
  };
  return child(rng() < 0.5);
}

export function vectorOps(cards: readonly number[]): GenomeOps {
  const n = cards.length;
  return {
    cardinalities: [...cards],
    sample: (rng) => cards.map((c) => randInt(rng, c)),
    mutate(genome, rng) {
      const out = genome.slice();
      const forced = randInt(rng, n);
      for (let i = 0; i < n; i++) {
        const c = cards[i]!;
        if (c <= 1 || (i !== forced && rng() >= 1 / n)) continue;
        let next = clampRound(polynomial(out[i]!, c - 1, rng), c);
        if (i === forced && next === out[i]) next = out[i]! === 0 ? 1 : out[i]! === c - 1 ? c - 2 : out[i]! + (rng() < 0.5 ? -1 : 1);
        out[i] = next;
      }
      return out;
    },
    crossover(a, b, rng) {
      return a.map((x, i) => (rng() < 0.5 ? clampRound(sbx(x, b[i]!, cards[i]! - 1, rng), cards[i]!) : x));
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
