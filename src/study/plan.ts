/**
 * Expanding a study into concrete architectures (pure): each grid experiment becomes the
 * list of canonical genomes of base × every combination of its `vary` lists, in order.
 */
import { ArchitectureError, InputFileError } from '../errors.js';
import { canonicalize, decode, encode, hashGenome, validateGenome } from '../space/index.js';
import type { DecodedGenome, Genome, SearchSpace } from '../space/types.js';
import type { ArchPoint, GridExperiment, Study } from './types.js';

/** What an architecture point means when it leaves the sharing fields out: nothing shared. */
const UNSHARED: Omit<DecodedGenome, 'width' | 'depth' | 'patch'> = {
  components: [],
  shareRate: 1,
  distribution: 'uniform',
  mapping: 'sequential',
  init: 'scratch',
  mappingSeed: 0,
};

export interface PlannedArch {
  /** The varied values that make this point, e.g. {width: 64, depth: 8}. */
  varied: Record<string, unknown>;
  genome: Genome;
  hash: string;
}

export function gridPoints(experiment: GridExperiment): { point: Partial<ArchPoint>; varied: Record<string, unknown> }[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(experiment.vary)) {
    combos = combos.flatMap((c) => (values).map((v) => ({ ...c, [key]: v })));
  }
  return combos.map((varied) => ({ point: { ...experiment.base, ...varied }, varied }));
}

/** The canonical genomes of a grid experiment, duplicates (equivalent points) dropped. */
export function planGrid(study: Study, space: SearchSpace, index: number): PlannedArch[] {
  const experiment = study.experiments[index] as GridExperiment;
  const at = `experiments[${index}]`;
  const seen = new Set<string>();
  const out: PlannedArch[] = [];
  for (const { point, varied } of gridPoints(experiment)) {
    const decoded = { ...UNSHARED, ...point } as DecodedGenome;
    if (space.backbone.family === 'convmixer' && decoded.kernel === undefined) decoded.kernel = space.backbone.kernel?.[0];
    let genome: Genome;
    try {
      genome = encode(space, decoded);
    } catch (error) {
      if (!(error instanceof ArchitectureError)) throw error;
      throw new InputFileError(study.file, `${at} (point ${JSON.stringify(varied)})`, point, `use values the study's space (${space.file}) offers`, `does not fit the space: ${error.message}`);
    }
    const problem = validateGenome(space, genome);
    if (problem !== null) {
      throw new InputFileError(study.file, `${at} (point ${JSON.stringify(varied)})`, point, 'change the point so that it is a valid architecture', `is not valid: ${problem}`);
    }
    const canonical = canonicalize(space, genome);
    const hash = hashGenome(space, canonical);
    if (seen.has(hash)) continue;
    seen.add(hash);
    out.push({ varied, genome: canonical, hash });
  }
  return out;
}

/**
 * The architectures an equal-compute experiment trains on the doubled budget: the baseline
 * family as it is, and for every point of the compared grids its scratch twin plus, when the
 * point is fused, its unshared parent. Duplicates dropped, baselines first.
 */
export function equalComputeArchs(space: SearchSpace, baselines: PlannedArch[], compared: PlannedArch[]): PlannedArch[] {
  const out = new Map<string, PlannedArch>();
  const add = (decoded: DecodedGenome, varied: Record<string, unknown>): void => {
    const genome = canonicalize(space, encode(space, decoded));
    const hash = hashGenome(space, genome);
    if (!out.has(hash)) out.set(hash, { varied, genome, hash });
  };
  for (const a of baselines) add(decode(space, a.genome), a.varied);
  for (const a of compared) {
    const d = decode(space, a.genome);
    add({ ...d, init: 'scratch' }, { ...a.varied, control: 'scratch twin' });
    if (d.init !== 'scratch') add({ ...d, ...UNSHARED }, { ...a.varied, control: 'unshared parent' });
  }
  return [...out.values()];
}

/** The hash of an architecture's scratch version (its equal-compute control). */
export function scratchTwinHash(space: SearchSpace, decoded: DecodedGenome): string {
  return hashGenome(space, canonicalize(space, encode(space, { ...decoded, init: 'scratch' })));
}
