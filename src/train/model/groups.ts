/**
 * How each weight set of a component is held while training (plain, or fused from its
 * group's unshared members), and its layer name. Which layers share a set is the arch
 * area's (arch/sharing.ts). Pure logic.
 */
import { componentAssignment, isComponentShared } from '../../arch/sharing.js';
import type { ArchSpec } from '../../arch/types.js';
import type { Component } from '../../space/types.js';
import type { PairMode } from './params.js';

export interface WeightSet {
  /** Index of the set (the layer name suffix). */
  index: number;
  /** Block indices using this set, in order. */
  layers: number[];
  members: number;
  mode: PairMode;
}

/**
 * The weight sets of one component. With fusion, every set of a shared component (fewer
 * sets than layers) holds its group's members and reduction weights, as the cost model
 * counts them; unshared components stay plain.
 */
export function weightSets(arch: ArchSpec, component: Component): WeightSet[] {
  const assignment = componentAssignment(arch, component);
  const count = Math.max(...assignment) + 1;
  const shared = isComponentShared(arch, component);
  const sets: WeightSet[] = [];
  for (let index = 0; index < count; index++) {
    const layers = assignment.flatMap((s, layer) => (s === index ? [layer] : []));
    if (layers.length === 0) continue;
    const fused = arch.init !== 'scratch' && shared;
    sets.push({
      index,
      layers,
      members: fused ? layers.length : 1,
      mode: fused ? (arch.init as PairMode) : 'none',
    });
  }
  return sets;
}

/** Layer name of weight set `index` of a component. */
export function componentLayerName(component: Component, index: number): string {
  return `${component}_s${index}`;
}
