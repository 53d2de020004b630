/** Short human-readable names of architectures, e.g. "ConvMixer-64/8 k5 p2 · pointwise shared r=2 sequential". */
import type { ArchSpec, SharingChoice } from './types.js';

type Backbone = Pick<ArchSpec, 'family' | 'width' | 'depth' | 'patch' | 'kernel' | 'heads' | 'mlpRatio'>;

export function backboneLabel(a: Backbone): string {
  if (a.family === 'convmixer') return `ConvMixer-${a.width}/${a.depth} k${a.kernel} p${a.patch}`;
  return `ViT-${a.width}/${a.depth} p${a.patch} h${a.heads} mlp${a.mlpRatio}`;
}

/** Words for what an architecture shares: components, grouping, mapping. */
export function sharingLabel(choice: SharingChoice): string {
  const { components, groups, distribution, shareRate, mapping } = choice;
  let grouping: string;
  if (Array.isArray(distribution)) grouping = `groups ${groups.join('-')}`;
  else if (distribution === 'uniform') grouping = `r=${shareRate}`;
  else grouping = `r=${shareRate} ${distribution} ${groups.join('-')}`;
  const order = groups.length === 1 ? 'all layers' : mapping === 'random' ? `random#${choice.mappingSeed}` : mapping;
  return `${components.join('+')} shared ${grouping} ${order}`;
}
