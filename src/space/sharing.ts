/**
 * The sharing part of a decoded genome: its validity and the layer -> weight-set
 * assignment it gives each shared component.
 */
import { assignLayers, groupSizes, groupSizesProblem } from '../arch/groups.js';
import { FAMILY_COMPONENTS } from './family.js';
import type { Component, DecodedGenome, Family } from './types.js';

type SharingGenes = Pick<DecodedGenome, 'depth' | 'components' | 'shareRate' | 'distribution' | 'mapping' | 'init' | 'mappingSeed'>;

/** Why these sharing genes are invalid for their depth, or null. */
export function sharingProblem(d: SharingGenes): string | null {
  if (d.components.length > 0) {
    const problem = groupSizesProblem(d.depth, d.shareRate, d.distribution);
    if (problem !== null) return problem;
  }
  if (d.init !== 'scratch' && !isEffectivelyShared(d)) {
    return `fusion init ${d.init} needs something shared (a non-empty component set and a group of more than one layer); this genome shares nothing`;
  }
  return null;
}

/** True when some weight set is used by more than one layer. Assumes valid genes. */
export function isEffectivelyShared(d: SharingGenes): boolean {
  if (d.components.length === 0) return false;
  if (groupSizesProblem(d.depth, d.shareRate, d.distribution) !== null) return false;
  return groupSizes(d.depth, d.shareRate, d.distribution).some((g) => g > 1);
}

/**
 * Layer -> set assignment of every shared component, in family order; empty when nothing
 * is effectively shared. Assumes valid genes.
 */
export function sharedAssignments(family: Family, d: SharingGenes): Partial<Record<Component, number[]>> {
  if (!isEffectivelyShared(d)) return {};
  const assignment = assignLayers(groupSizes(d.depth, d.shareRate, d.distribution), d.mapping, d.mappingSeed);
  const out: Partial<Record<Component, number[]>> = {};
  for (const c of FAMILY_COMPONENTS[family]) if (d.components.includes(c)) out[c] = assignment.slice();
  return out;
}
