/**
 * The identity of an architecture: the canonical decoded values that decide what is
 * trained, never gene indices, so a hash survives edits of unrelated choice lists.
 * hash = first 12 hex digits of sha1 over the JSON of the key below (fixed key order).
 */
import { relabelByFirstUse } from '../arch/groups.js';
import { FAMILY_COMPONENTS } from './family.js';
import type { Component, Family, Init } from './types.js';
import { shortHash } from '../util/hash.js';

export interface ArchKeyFields {
  family: Family;
  inputShape: readonly [number, number, number];
  classes: number;
  width: number;
  depth: number;
  patch: number;
  kernel?: number;
  pointwiseResidual?: boolean;
  heads?: number;
  mlpRatio?: number;
  init: Init;
  /** Layer -> set assignment (sets numbered by first use) of each effectively shared component. */
  shared: Partial<Record<Component, readonly number[]>>;
}

/** The canonical JSON text of an architecture's identity. */
export function archKeyText(f: ArchKeyFields): string {
  const shared: Record<string, number[]> = {};
  for (const c of FAMILY_COMPONENTS[f.family]) {
    const a = f.shared[c];
    if (a !== undefined && new Set(a).size < a.length) shared[c] = relabelByFirstUse(a);
  }
  const effectivelyShared = Object.keys(shared).length > 0;
  const key = {
    family: f.family,
    inputShape: [...f.inputShape],
    classes: f.classes,
    width: f.width,
    depth: f.depth,
    patch: f.patch,
    ...(f.family === 'convmixer'
      ? { kernel: f.kernel, pointwiseResidual: f.pointwiseResidual ?? false }
      : { heads: f.heads, mlpRatio: f.mlpRatio }),
    init: effectivelyShared ? f.init : 'scratch',
    shared,
  };
  return JSON.stringify(key);
}

export function hashArchKey(f: ArchKeyFields): string {
  return shortHash(archKeyText(f));
}
