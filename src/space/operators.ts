/**
 * Seeded genetic operators. All of them return canonical, valid genomes.
 * - sampleGenome: by default uniform over the valid genomes (index vectors: every choice of
 *   a gene equally likely, invalid draws rejected), returned canonicalised; with
 *   `{ uniformOver: 'architectures' }` uniform over the distinct architectures instead
 *   (each equivalence class once, so the many spellings of the unshared network count once).
 * - mutate: each gene is redrawn (to a different choice) with `probability` (default
 *   1/number of genes, at least one gene changes); retried until the result is valid and
 *   a different architecture, or the parent is returned after 100 tries.
 * - crossover: uniform crossover gene by gene, retried until valid; after 100 tries one
 *   parent (chosen at random) is returned.
 */
import { ArchitectureError } from '../errors.js';
import { pick, pickWeighted, randInt, type Rng } from '../util/random.js';
import {
  backboneCombosWithoutDepth,
  canonicalize,
  hashGenome,
  isValid,
  sharingClasses,
  validateGenome,
} from './canonical.js';
import { geneCardinalities, genes } from './genes.js';
import type { Genome, SearchSpace } from './types.js';

const MAX_TRIES = 100;

export interface SampleOptions {
  uniformOver?: 'genomes' | 'architectures';
}

export function sampleGenome(space: SearchSpace, rng: Rng, options: SampleOptions = {}): Genome {
  if ((options.uniformOver ?? 'genomes') === 'architectures') return sampleArchitecture(space, rng);
  const cards = geneCardinalities(space);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const genome = cards.map((c) => randInt(rng, c));
    if (isValid(space, genome)) return canonicalize(space, genome);
  }
  // Valid genomes are too rare for rejection: fall back to an exact draw.
  return sampleArchitecture(space, rng);
}

function sampleArchitecture(space: SearchSpace, rng: Rng): Genome {
  const depths = space.backbone.depth;
  const combos = backboneCombosWithoutDepth(space);
  const weights = depths.map((d) => (combos.length === 0 ? 0 : sharingClasses(space, d).length));
  if (!weights.some((w) => w > 0)) throw new ArchitectureError(`space ${space.name} has no valid architecture`);
  const depthIndex = pickWeighted(rng, weights);
  const prefix = pick(rng, combos).slice();
  const depthAt = genes(space).findIndex((g) => g.name === 'depth');
  prefix[depthAt] = depthIndex;
  const suffix = pick(rng, sharingClasses(space, depths[depthIndex] as number));
  return [...prefix, ...suffix];
}

export function mutate(space: SearchSpace, genome: Genome, rng: Rng, probability?: number): Genome {
  const parent = canonicalize(space, genome);
  const parentHash = hashGenome(space, parent);
  const cards = geneCardinalities(space);
  const mutable = cards.map((c, i) => (c > 1 ? i : -1)).filter((i) => i >= 0);
  if (mutable.length === 0) return parent;
  const p = probability ?? 1 / cards.length;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`mutation probability must be in [0, 1], got ${p}`);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const child = parent.slice();
    let changed = false;
    for (const i of mutable) {
      if (rng() < p) {
        child[i] = redraw(rng, child[i] as number, cards[i] as number);
        changed = true;
      }
    }
    if (!changed) {
      const i = pick(rng, mutable);
      child[i] = redraw(rng, child[i] as number, cards[i] as number);
    }
    if (isValid(space, child) && hashGenome(space, child) !== parentHash) return canonicalize(space, child);
  }
  return parent;
}

export function crossover(space: SearchSpace, a: Genome, b: Genome, rng: Rng): Genome {
  for (const [name, g] of [['first', a], ['second', b]] as const) {
    const problem = validateGenome(space, g);
    if (problem !== null) throw new ArchitectureError(`crossover: the ${name} parent is invalid: ${problem}`);
  }
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const child = a.map((x, i) => (rng() < 0.5 ? x : (b[i] as number)));
    if (isValid(space, child)) return canonicalize(space, child);
  }
  return canonicalize(space, rng() < 0.5 ? a : b);
}

function redraw(rng: Rng, current: number, cardinality: number): number {
  const r = randInt(rng, cardinality - 1);
  return r >= current ? r + 1 : r;
}
