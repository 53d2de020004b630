/**
 * Sharing, in one place: whether a genome's sharing genes are valid, the layer -> weight-set
 * assignment they give each component, the plan an ArchSpec carries (with the choices that
 * gave it), and what a plan shares. The distribution and mapping rules are in groups.ts.
 */
import { FAMILY_COMPONENTS } from '../space/family.js';
import type { Component, DecodedGenome, Family } from '../space/types.js';
import { assignLayers, groupSizes, groupSizesProblem } from './groups.js';
import type { ArchSpec, SharingPlan } from './types.js';

export type SharingGenes = Pick<DecodedGenome, 'depth' | 'components' | 'shareRate' | 'distribution' | 'mapping' | 'init' | 'mappingSeed'>;

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

/**
 * The plan of valid genes: every component of the family (unshared ones map layer i to
 * set i) and, when something is shared, the choices that gave it.
 */
export function sharingPlan(family: Family, d: SharingGenes): SharingPlan {
  const shared = sharedAssignments(family, d);
  const plan = unsharedPlan(family, d.depth);
  const components = FAMILY_COMPONENTS[family].filter((c) => shared[c] !== undefined);
  if (components.length === 0) return plan;
  for (const c of components) {
    plan.assignment[c] = shared[c];
    plan.sets[c] = new Set(shared[c]).size;
  }
  const distribution = Array.isArray(d.distribution) ? d.distribution.slice() : d.distribution;
  plan.choice = {
    components,
    shareRate: d.shareRate,
    distribution,
    mapping: d.mapping,
    mappingSeed: d.mappingSeed,
    groups: groupSizes(d.depth, d.shareRate, d.distribution),
  };
  return plan;
}

/** The plan of the unshared network: every component of the family, layer i on set i. */
export function unsharedPlan(family: Family, depth: number): SharingPlan {
  const plan: SharingPlan = { assignment: {}, sets: {} };
  for (const c of FAMILY_COMPONENTS[family]) {
    plan.assignment[c] = Array.from({ length: depth }, (_, i) => i);
    plan.sets[c] = depth;
  }
  return plan;
}

type Planned = Pick<ArchSpec, 'family' | 'depth' | 'sharing'>;

/** Layer -> weight-set index of one component (identity when the plan leaves it out). */
export function componentAssignment(arch: Planned, component: Component): number[] {
  return arch.sharing.assignment[component] ?? Array.from({ length: arch.depth }, (_, i) => i);
}

/** True when some weight set of the component serves more than one layer. */
export function isComponentShared(arch: Planned, component: Component): boolean {
  const sets = arch.sharing.sets[component] ?? new Set(componentAssignment(arch, component)).size;
  return sets < arch.depth;
}

/**
 * The components whose weights are shared, in family order. The one fallback for plans
 * stored without `choice` (checkpoints written before it existed): read from the assignment.
 */
export function sharedComponents(arch: Planned): Component[] {
  return arch.sharing.choice?.components.slice() ?? FAMILY_COMPONENTS[arch.family].filter((c) => isComponentShared(arch, c));
}
