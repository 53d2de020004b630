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
  const a = layerAssignment(d);
  return a !== null && new Set(a).size < a.length;
}

// Memo of layer -> set assignments (pure function of five small values; seeding the
// random mapping's generator is the expensive part). Bounded to keep memory flat.
const memo = new Map<string, number[] | null>();

/** The layer -> set assignment these genes give, or null when they give no grouping. */
function layerAssignment(d: SharingGenes): number[] | null {
  const key = `${d.depth}|${d.shareRate}|${JSON.stringify(d.distribution)}|${d.mapping}|${d.mapping === 'random' ? d.mappingSeed : 0}`;
  let a = memo.get(key);
  if (a === undefined) {
    a = groupSizesProblem(d.depth, d.shareRate, d.distribution) !== null
      ? null
      : assignLayers(groupSizes(d.depth, d.shareRate, d.distribution), d.mapping, d.mappingSeed);
    if (memo.size > 50_000) memo.clear();
    memo.set(key, a);
  }
  return a;
}

/**
 * Layer -> set assignment of every shared component, in family order; empty when nothing
 * is effectively shared. Assumes valid genes.
 */
export function sharedAssignments(family: Family, d: SharingGenes): Partial<Record<Component, number[]>> {
  if (!isEffectivelyShared(d)) return {};
  const assignment = layerAssignment(d) as number[];
  const out: Partial<Record<Component, number[]>> = {};
  for (const c of FAMILY_COMPONENTS[family]) if (d.components.includes(c)) out[c] = assignment.slice();
  return out;
}
