/**
 * From a genome to an ArchSpec: the backbone values, and for every component of the
 * family the weight set each layer uses (sharing.ts; groups.ts has the distribution and
 * mapping rules). The genome is validated, canonicalised and decoded once.
 */
import { describeGenome, invalidGenome, keyFields } from '../space/index.js';
import { hashArchKey } from '../space/key.js';
import type { DecodedGenome, Genome, SearchSpace } from '../space/types.js';
import { backboneLabel, sharingLabel } from './label.js';
import { sharingPlan, unsharedPlan } from './sharing.js';
import type { ArchSpec } from './types.js';

export { assignLayers, assignmentLetters, groupSizes, relabelByFirstUse } from './groups.js';

/** A valid genome, described once: its canonical form and the architecture it encodes. */
export interface PlannedGenome {
  canonical: Genome;
  arch: ArchSpec;
}

/** The canonical genome and architecture of a genome, or a string saying why it is invalid. */
export function planGenome(space: SearchSpace, genome: Genome): PlannedGenome | string {
  const described = describeGenome(space, genome);
  if (typeof described === 'string') return described;
  const { canonical, decoded: d, hash } = described;
  const family = space.backbone.family;
  const sharing = sharingPlan(family, d);
  const backbone = backboneFields(space, d);
  const init = sharing.choice ? d.init : 'scratch';
  const parentHash = hashArchKey(keyFields(space, { ...d, components: [], init: 'scratch' }));
  const words = [backboneLabel(backbone), sharing.choice ? sharingLabel(sharing.choice) : 'unshared'];
  if (init !== 'scratch') words.push(`fusion ${init}`);
  return { canonical, arch: { ...backbone, sharing, init, hash, parentHash, label: words.join(' · ') } };
}

/** The architecture a valid genome encodes (canonicalised first). Throws ArchitectureError when invalid. */
export function toArchSpec(space: SearchSpace, genome: Genome): ArchSpec {
  const planned = planGenome(space, genome);
  if (typeof planned === 'string') throw invalidGenome(space, genome, planned);
  return planned.arch;
}

/** The unshared, from-scratch network of the same backbone (the fusion parent). */
export function parentArch(arch: ArchSpec): ArchSpec {
  const { sharing: _sharing, hash: _hash, label: _label, init: _init, ...backbone } = arch;
  return {
    ...backbone,
    sharing: unsharedPlan(arch.family, arch.depth),
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
