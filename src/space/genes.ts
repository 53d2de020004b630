/**
 * The genome layout: one categorical gene per decision, in a fixed order per family.
 *
 * ConvMixer: width, depth, patch, kernel, components, shareRate, distribution, mapping,
 * init, mappingSeed. ViT: width, depth, patch, heads, mlpRatio, then the same sharing genes.
 * A gene's value is an index into its choice list in the space file. `mappingSeed` picks
 * the permutation used by the `random` mapping: values 0..randomSeeds-1 (one value, 0,
 * when `random` is not a mapping choice).
 */
import { ArchitectureError } from '../errors.js';
import type { Component, DecodedGenome, Distribution, Genome, Init, Mapping, SearchSpace } from './types.js';

export type GeneName =
  | 'width'
  | 'depth'
  | 'patch'
  | 'kernel'
  | 'heads'
  | 'mlpRatio'
  | 'components'
  | 'shareRate'
  | 'distribution'
  | 'mapping'
  | 'init'
  | 'mappingSeed';

export interface Gene {
  name: GeneName;
  choices: readonly unknown[];
}

/** Default number of permutation seeds for the `random` mapping. */
export const DEFAULT_RANDOM_SEEDS = 3;

const cache = new WeakMap<SearchSpace, Gene[]>();

/** The genes of a space, in genome order, with their choice lists. */
export function genes(space: SearchSpace): Gene[] {
  let out = cache.get(space);
  if (out) return out;
  const b = space.backbone;
  const s = space.sharing;
  const seeds = s.mapping.includes('random') ? (s.randomSeeds ?? DEFAULT_RANDOM_SEEDS) : 1;
  out = [
    { name: 'width', choices: b.width },
    { name: 'depth', choices: b.depth },
    { name: 'patch', choices: b.patch },
    ...(b.family === 'convmixer'
      ? [{ name: 'kernel' as const, choices: b.kernel ?? [] }]
      : [
          { name: 'heads' as const, choices: b.heads ?? [] },
          { name: 'mlpRatio' as const, choices: b.mlpRatio ?? [] },
        ]),
    { name: 'components', choices: s.components },
    { name: 'shareRate', choices: s.shareRate },
    { name: 'distribution', choices: s.distribution },
    { name: 'mapping', choices: s.mapping },
    { name: 'init', choices: s.init },
    { name: 'mappingSeed', choices: Array.from({ length: seeds }, (_, i) => i) },
  ];
  cache.set(space, out);
  return out;
}

export function geneNames(space: SearchSpace): GeneName[] {
  return genes(space).map((g) => g.name);
}

export function geneCardinalities(space: SearchSpace): number[] {
  return genes(space).map((g) => g.choices.length);
}

/** Why a genome does not fit the layout (length, integer indices in range), or null. */
export function genomeShapeProblem(space: SearchSpace, genome: Genome): string | null {
  const gs = genes(space);
  if (!Array.isArray(genome) || genome.length !== gs.length) {
    return `a genome of this space has ${gs.length} genes (${gs.map((g) => g.name).join(', ')}), got ${Array.isArray(genome) ? genome.length : typeof genome}`;
  }
  for (let i = 0; i < gs.length; i++) {
    const v = genome[i];
    const g = gs[i] as Gene;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= g.choices.length) {
      return `gene ${g.name} (position ${i}) must be an index in [0, ${g.choices.length - 1}], got ${String(v)}`;
    }
  }
  return null;
}

/** Index -> value, gene by gene (no canonicalisation). Throws ArchitectureError on a malformed genome. */
export function decode(space: SearchSpace, genome: Genome): DecodedGenome {
  const problem = genomeShapeProblem(space, genome);
  if (problem !== null) throw new ArchitectureError(`cannot decode genome ${JSON.stringify(genome)}: ${problem}`);
  const values: Partial<Record<GeneName, unknown>> = {};
  genes(space).forEach((g, i) => {
    values[g.name] = g.choices[genome[i] as number];
  });
  const decoded: DecodedGenome = {
    width: values.width as number,
    depth: values.depth as number,
    patch: values.patch as number,
    components: (values.components as Component[]).slice(),
    shareRate: values.shareRate as number,
    distribution: copyDistribution(values.distribution as Distribution),
    mapping: values.mapping as Mapping,
    init: values.init as Init,
    mappingSeed: values.mappingSeed as number,
  };
  if (space.backbone.family === 'convmixer') decoded.kernel = values.kernel as number;
  else {
    decoded.heads = values.heads as number;
    decoded.mlpRatio = values.mlpRatio as number;
  }
  return decoded;
}

/** Value -> index, gene by gene. Throws ArchitectureError when a value is not a choice. */
export function encode(space: SearchSpace, decoded: DecodedGenome): Genome {
  return genes(space).map((g) => {
    const value = (decoded as unknown as Record<string, unknown>)[g.name];
    const wanted = choiceKey(g.name, value);
    const index = g.choices.findIndex((c) => choiceKey(g.name, c) === wanted);
    if (index < 0) {
      throw new ArchitectureError(
        `cannot encode ${g.name} = ${JSON.stringify(value)}: not a choice of space ${space.name} (choices: ${JSON.stringify(g.choices)})`,
      );
    }
    return index;
  });
}

/** A comparable text for a choice; component sets compare without regard to order. */
export function choiceKey(gene: GeneName, value: unknown): string {
  if (gene === 'components' && Array.isArray(value)) return JSON.stringify(value.slice().sort());
  return JSON.stringify(value);
}

function copyDistribution(d: Distribution): Distribution {
  return Array.isArray(d) ? d.slice() : d;
}
