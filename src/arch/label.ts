/** Short human-readable names of architectures, e.g. "ConvMixer-64/8 k5 p2 · pointwise shared r=2 sequential". */
import { FAMILY_COMPONENTS } from '../space/family.js';
import type { DecodedGenome } from '../space/types.js';
import type { ArchSpec } from './types.js';

type Backbone = Pick<ArchSpec, 'family' | 'width' | 'depth' | 'patch' | 'kernel' | 'heads' | 'mlpRatio'>;

export function backboneLabel(a: Backbone): string {
  if (a.family === 'convmixer') return `ConvMixer-${a.width}/${a.depth} k${a.kernel} p${a.patch}`;
  return `ViT-${a.width}/${a.depth} p${a.patch} h${a.heads} mlp${a.mlpRatio}`;
}

/** Words for an effectively shared genome: components, grouping, mapping. */
export function sharingLabel(d: DecodedGenome, groups: readonly number[]): string {
  const order = [...FAMILY_COMPONENTS.convmixer, ...FAMILY_COMPONENTS.vit];
  const comps = d.components.slice().sort((a, b) => order.indexOf(a) - order.indexOf(b)).join('+');
  let grouping: string;
  if (Array.isArray(d.distribution)) grouping = `groups ${groups.join('-')}`;
  else if (d.distribution === 'uniform') grouping = `r=${d.shareRate}`;
  else grouping = `r=${d.shareRate} ${d.distribution} ${groups.join('-')}`;
  const mapping = groups.length === 1 ? 'all layers' : d.mapping === 'random' ? `random#${d.mappingSeed}` : d.mapping;
  return `${comps} shared ${grouping} ${mapping}`;
}
