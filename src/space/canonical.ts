/**
 * Validity, canonical form, hash and exact size of a space's genomes.
 *
 * Two genomes are the same architecture when they have the same backbone values, the
 * same init and the same layer -> weight-set assignment for every component (sets
 * numbered by first use). So: a share rate of 1, or no shared component, is the unshared
 * network (its mapping, distribution, rate and seed do not matter, and its init must be
 * scratch); one group of all layers is the same under every mapping; `random` seeds that
 * give the same permutation are one architecture; a `front` split equal to the uniform
 * one is the uniform architecture. The canonical genome of a class is its
 * lexicographically smallest valid genome (smallest gene indices, in gene order).
 */
import { ArchitectureError } from '../errors.js';
import { decode, genes, genomeShapeProblem } from './genes.js';
import { hashArchKey, type ArchKeyFields } from './key.js';
import { sharedAssignments, sharingProblem } from '../arch/sharing.js';
import type { DecodedGenome, Genome, SearchSpace } from './types.js';

/** Why a genome is not a valid architecture of the space, or null when it is. */
export function validateGenome(space: SearchSpace, genome: Genome): string | null {
  const shape = genomeShapeProblem(space, genome);
  if (shape !== null) return shape;
  const d = decode(space, genome);
  return backboneProblem(space, d) ?? sharingProblem(d);
}

/** A valid genome in one pass: its canonical form, the canonical values and the hash. */
export interface DescribedGenome {
  canonical: Genome;
  decoded: DecodedGenome;
  hash: string;
}

/** Validates, canonicalises, decodes and hashes a genome once; a string says why it is invalid. */
export function describeGenome(space: SearchSpace, genome: Genome): DescribedGenome | string {
  const problem = validateGenome(space, genome);
  if (problem !== null) return problem;
  const canonical = canonicalOfValid(space, genome, decode(space, genome));
  const decoded = decode(space, canonical);
  return { canonical, decoded, hash: hashArchKey(keyFields(space, decoded)) };
}

export function isValid(space: SearchSpace, genome: Genome): boolean {
  return validateGenome(space, genome) === null;
}

function backboneProblem(space: SearchSpace, d: DecodedGenome): string | null {
  const [h, w] = space.dataset.inputShape;
  if (h % d.patch !== 0 || w % d.patch !== 0) return `patch ${d.patch} does not divide the ${h}x${w} image`;
  if (space.backbone.family === 'vit' && d.width % (d.heads as number) !== 0) {
    return `${d.heads} heads do not divide width ${d.width}`;
  }
  return null;
}

function assertValid(space: SearchSpace, genome: Genome): DescribedGenome {
  const described = describeGenome(space, genome);
  if (typeof described === 'string') throw invalidGenome(space, genome, described);
  return described;
}

export function invalidGenome(space: SearchSpace, genome: Genome, problem: string): ArchitectureError {
  return new ArchitectureError(`invalid genome ${JSON.stringify(genome)} for space ${space.name}: ${problem}`);
}

/** The identity fields of a valid decoded genome (see key.ts). */
export function keyFields(space: SearchSpace, d: DecodedGenome): ArchKeyFields {
  return {
    family: space.backbone.family,
    inputShape: space.dataset.inputShape,
    classes: space.dataset.classes,
    width: d.width,
    depth: d.depth,
    patch: d.patch,
    ...(space.backbone.family === 'convmixer'
      ? { kernel: d.kernel, pointwiseResidual: space.backbone.pointwiseResidual ?? false }
      : { heads: d.heads, mlpRatio: d.mlpRatio }),
    init: d.init,
    shared: sharedAssignments(space.backbone.family, d),
  };
}

/** Stable 12-hex-digit hash of the architecture a valid genome encodes. */
export function hashGenome(space: SearchSpace, genome: Genome): string {
  const problem = validateGenome(space, genome);
  if (problem !== null) throw invalidGenome(space, genome, problem);
  return hashArchKey(keyFields(space, decode(space, genome)));
}

/** The one representative of the genome's equivalence class (throws on an invalid genome). */
export function canonicalize(space: SearchSpace, genome: Genome): Genome {
  return assertValid(space, genome).canonical;
}

function canonicalOfValid(space: SearchSpace, genome: Genome, d: DecodedGenome): Genome {
  const split = sharingStart(space);
  const table = sharingTable(space, d.depth);
  const suffix = table.get(sharingKeyText(space, d));
  if (suffix === undefined) throw new ArchitectureError(`internal: no canonical sharing for ${JSON.stringify(genome)}`);
  return [...genome.slice(0, split), ...suffix];
}

/** Exact number of distinct valid architectures in the space. */
export function spaceSize(space: SearchSpace): bigint {
  const others = BigInt(backboneCombosWithoutDepth(space).length);
  let total = 0n;
  for (const depth of space.backbone.depth) total += BigInt(sharingClasses(space, depth).length) * others;
  return total;
}

// ---- tables, cached per space (spaces are treated as immutable once parsed) ----

interface SpaceTables {
  byDepth: Map<number, Map<string, Genome>>;
  combos?: Genome[];
}
const tables = new WeakMap<SearchSpace, SpaceTables>();

function tablesOf(space: SearchSpace): SpaceTables {
  let t = tables.get(space);
  if (!t) {
    t = { byDepth: new Map() };
    tables.set(space, t);
  }
  return t;
}

/** Index of the first sharing gene (components) in the genome. */
export function sharingStart(space: SearchSpace): number {
  return genes(space).findIndex((g) => g.name === 'components');
}

/** The sharing part of the identity (init and assignments), as in key.ts; cheap to compute. */
function sharingKeyText(space: SearchSpace, d: DecodedGenome): string {
  const shared = sharedAssignments(space.backbone.family, d);
  const components = Object.keys(shared);
  if (components.length === 0) return 'unshared';
  return `${d.init}|${components.join('+')}|${(shared[components[0] as keyof typeof shared] as number[]).join(',')}`;
}

/**
 * For one depth: canonical sharing key -> lexicographically smallest valid sharing-gene
 * suffix (components, shareRate, distribution, mapping, init, mappingSeed).
 */
function sharingTable(space: SearchSpace, depth: number): Map<string, Genome> {
  const t = tablesOf(space);
  let table = t.byDepth.get(depth);
  if (table) return table;
  table = new Map();
  const split = sharingStart(space);
  const cards = genes(space).slice(split).map((g) => g.choices.length);
  const probe = firstBackbone(space, depth);
  for (const suffix of product(cards)) {
    const d = decode(space, [...probe, ...suffix]);
    if (sharingProblem(d) !== null) continue;
    const key = sharingKeyText(space, d);
    if (!table.has(key)) table.set(key, suffix);
  }
  t.byDepth.set(depth, table);
  return table;
}

/** Canonical sharing suffixes for one depth, in lexicographic order. */
export function sharingClasses(space: SearchSpace, depth: number): Genome[] {
  return [...sharingTable(space, depth).values()];
}

/** Backbone-gene prefix with the given depth and index 0 elsewhere (only sharing genes vary). */
function firstBackbone(space: SearchSpace, depth: number): Genome {
  return genes(space)
    .slice(0, sharingStart(space))
    .map((g) => (g.name === 'depth' ? g.choices.indexOf(depth) : 0));
}

/**
 * Every valid assignment of the backbone genes other than depth, as full backbone
 * prefixes with the depth gene set to 0 (validity of these genes does not depend on depth).
 */
export function backboneCombosWithoutDepth(space: SearchSpace): Genome[] {
  const t = tablesOf(space);
  if (t.combos) return t.combos;
  const gs = genes(space).slice(0, sharingStart(space));
  const depthAt = gs.findIndex((g) => g.name === 'depth');
  const cards = gs.map((g, i) => (i === depthAt ? 1 : g.choices.length));
  const [h, w] = space.dataset.inputShape;
  const combos: Genome[] = [];
  for (const prefix of product(cards)) {
    const values = Object.fromEntries(gs.map((g, i) => [g.name, g.choices[prefix[i] as number]])) as Record<string, number>;
    const patch = values.patch as number;
    if (h % patch !== 0 || w % patch !== 0) continue;
    if (space.backbone.family === 'vit' && (values.width as number) % (values.heads as number) !== 0) continue;
    combos.push(prefix);
  }
  t.combos = combos;
  return combos;
}

/** All index vectors of the given cardinalities, in lexicographic order. */
export function* product(cards: readonly number[]): Generator<Genome> {
  if (cards.some((c) => c === 0)) return;
  const current = cards.map(() => 0);
  while (true) {
    yield current.slice();
    let i = cards.length - 1;
    while (i >= 0 && (current[i] as number) + 1 >= (cards[i] as number)) {
      current[i] = 0;
      i--;
    }
    if (i < 0) return;
    current[i] = (current[i] as number) + 1;
  }
}
