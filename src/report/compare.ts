/**
 * Each backbone against its unshared version: compression ratio (unshared params / shared
 * params) and accuracy difference, where both were measured at the same rung.
 */
import type { BackboneComparison, SharedVariant, TrialRow } from './types.js';

type Measured = TrialRow & { valAccuracy: number };

/**
 * A trained unshared parent of a backbone (the weight-fusion parent, trained once per run at
 * the rung-0 budget): an unshared measurement even when no unshared trial was sampled.
 */
export interface UnsharedParent {
  hash: string;
  /** e.g. "ConvMixer-32/4 k3 p4 · unshared" */
  label: string;
  valAccuracy: number;
  params: number;
  flops: number;
}

export function compareBackbones(rows: TrialRow[], parents: UnsharedParent[] = []): BackboneComparison[] {
  const groups = new Map<string, TrialRow[]>();
  for (const row of rows) {
    const key = row.parentHash ?? `backbone:${row.backbone}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const comparisons: BackboneComparison[] = [];
  for (const [key, group] of groups) {
    const measured = group.filter(isMeasured);
    if (measured.length === 0) continue;
    const unshared = measured.filter((row) => !row.shared);
    const parent = parents.find((p) => p.hash === key);
    if (parent && !unshared.some((row) => row.rung === 0)) unshared.push(parentRow(parent, group[0]!));
    const topUnshared = best(unshared);
    comparisons.push({
      parentHash: key.startsWith('backbone:') ? '' : key,
      backbone: group[0]!.backbone,
      unsharedTrial: topUnshared?.id ?? null,
      unsharedParams: topUnshared?.params ?? null,
      unsharedValAccuracy: topUnshared?.valAccuracy ?? null,
      variants: variants(measured.filter((row) => row.shared), unshared),
    });
  }
  return comparisons.sort((a, b) => a.backbone.localeCompare(b.backbone) || a.parentHash.localeCompare(b.parentHash));
}

function variants(shared: Measured[], unshared: Measured[]): SharedVariant[] {
  const out: SharedVariant[] = [];
  const byHash = new Map<string, Measured[]>();
  for (const row of shared) byHash.set(row.hash, [...(byHash.get(row.hash) ?? []), row]);
  for (const rows of byHash.values()) {
    // The highest rung at which both versions were measured.
    const pairs = rows
      .map((row) => ({ row, reference: best(unshared.filter((u) => u.rung === row.rung)) }))
      .filter((pair): pair is { row: Measured; reference: Measured } => pair.reference !== undefined)
      .sort((a, b) => b.row.rung - a.row.rung || b.row.valAccuracy - a.row.valAccuracy);
    const pair = pairs[0];
    if (!pair) continue;
    out.push({
      trial: pair.row.id,
      sharing: pair.row.sharing,
      rung: pair.row.rung,
      params: pair.row.params,
      valAccuracy: pair.row.valAccuracy,
      unsharedTrial: pair.reference.id,
      unsharedParams: pair.reference.params,
      unsharedValAccuracy: pair.reference.valAccuracy,
      compressionRatio: pair.row.params > 0 ? pair.reference.params / pair.row.params : Number.NaN,
      accuracyDelta: pair.row.valAccuracy - pair.reference.valAccuracy,
    });
  }
  return out.sort((a, b) => b.compressionRatio - a.compressionRatio || a.trial.localeCompare(b.trial));
}

/** The parent as a rung-0 measurement, id "parent-<hash>". */
function parentRow(parent: UnsharedParent, like: TrialRow): Measured {
  return {
    ...like,
    id: `parent-${parent.hash}`,
    hash: parent.hash,
    shared: false,
    sharing: 'nothing shared',
    init: null,
    rung: 0,
    state: 'done',
    params: parent.params,
    valAccuracy: parent.valAccuracy,
  };
}

function isMeasured(row: TrialRow): row is Measured {
  return row.state === 'done' && row.valAccuracy !== null;
}

/** Highest rung first, then best accuracy (several seeds of one architecture may be measured). */
function best(rows: Measured[]): Measured | undefined {
  return [...rows].sort((a, b) => b.rung - a.rung || b.valAccuracy - a.valAccuracy)[0];
}
