/**
 * From a genome to an ArchSpec: the backbone values, and for every component of the
 * family the weight set each layer uses (see groups.ts for the distribution and mapping
 * rules). Unshared components map layer i to set i.
 */
import { ArchitectureError } from '../errors.js';
import { canonicalize, decode, hashGenome, isEffectivelyShared, keyFields, validateGenome } from '../space/index.js';
import { FAMILY_COMPONENTS } from '../space/family.js';
import { hashArchKey } from '../space/key.js';
import type { DecodedGenome, Genome, SearchSpace } from '../space/types.js';
import { assignLayers, groupSizes } from './groups.js';
import { backboneLabel, sharingLabel } from './label.js';
import type { ArchSpec, SharingPlan } from './types.js';

export { assignLayers, assignmentLetters, groupSizes, relabelByFirstUse } from './groups.js';

/** The architecture a valid genome encodes (canonicalised first). Throws ArchitectureError when invalid. */
export function toArchSpec(space: SearchSpace, genome: Genome): ArchSpec {
  const problem = validateGenome(space, genome);
  if (problem !== null) throw new ArchitectureError(`invalid genome ${JSON.stringify(genome)} for space ${space.name}: ${problem}`);
  const canonical = canonicalize(space, genome);
  const d = decode(space, canonical);
  const shared = isEffectivelyShared(d);
  const sharing = sharingPlan(space, d, shared);
  const backbone = backboneFields(space, d);
  const init = shared ? d.init : 'scratch';
  const parentHash = hashArchKey({ ...keyFields(space, { ...d, components: [], init: 'scratch' }) });
  const words = [backboneLabel(backbone), shared ? sharingLabel(d, groupSizes(d.depth, d.shareRate, d.distribution)) : 'unshared'];
  if (init !== 'scratch') words.push(`fusion ${init}`);
  return {
    ...backbone,
    sharing,
    init,
    hash: hashGenome(space, canonical),
    parentHash,
    label: words.join(' · '),
  };
}

/** The unshared, from-scratch network of the same backbone (the fusion parent). */
export function parentArch(arch: ArchSpec): ArchSpec {
  const assignment: SharingPlan['assignment'] = {};
  const sets: SharingPlan['sets'] = {};
  for (const c of FAMILY_COMPONENTS[arch.family]) {
    assignment[c] = identity(arch.depth);
    sets[c] = arch.depth;
  }
  const { sharing: _sharing, hash: _hash, label: _label, init: _init, ...backbone } = arch;
  return {
    ...backbone,
    sharing: { assignment, sets },
    init: 'scratch',
    hash: arch.parentHash,
    parentHash: arch.parentHash,
    label: `${backboneLabel(arch)} · unshared`,
  };
}

type BackboneFields = Omit<ArchSpec, 'sharing' | 'init' | 'hash' | 'parentHash' | 'label'>;

function backboneFields(space: SearchSpace, d: DecodedGenome): BackboneFields {
  const base = {
    family: space.backbone.family,
    inputShape: [...space.dataset.inputShape] as [number, number, number],
    classes: space.dataset.classes,
    width: d.width,
    depth: d.depth,
    patch: d.patch,
  };
  return space.backbone.family === 'convmixer'
    ? { ...base, kernel: d.kernel, pointwiseResidual: space.backbone.pointwiseResidual ?? false }
    : { ...base, heads: d.heads, mlpRatio: d.mlpRatio };
}

function sharingPlan(space: SearchSpace, d: DecodedGenome, shared: boolean): SharingPlan {
  const groups = shared ? assignLayers(groupSizes(d.depth, d.shareRate, d.distribution), d.mapping, d.mappingSeed) : [];
  const assignment: SharingPlan['assignment'] = {};
  const sets: SharingPlan['sets'] = {};
  for (const c of FAMILY_COMPONENTS[space.backbone.family]) {
    const a = shared && d.components.includes(c) ? groups.slice() : identity(d.depth);
    assignment[c] = a;
    sets[c] = new Set(a).size;
  }
  return { assignment, sets };
}

function identity(depth: number): number[] {
  return Array.from({ length: depth }, (_, i) => i);
}
