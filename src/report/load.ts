/**
 * What a report reads from a run folder: the store's snapshot, plus the trained fusion
 * parents (kept in run.json beside the trials) as unshared measurements of their backbones.
 */
import { costOf, parentArch, toArchSpec, type Cost } from '../arch/index.js';
import { loadRunSnapshot, readRunDocument } from '../store/index.js';
import type { RunSnapshot } from '../store/types.js';
import type { UnsharedParent } from './compare.js';

export interface ReportInput {
  snapshot: RunSnapshot;
  parents: UnsharedParent[];
}

export async function loadReportInput(dir: string): Promise<ReportInput> {
  const snapshot = await loadRunSnapshot(dir);
  const doc = await readRunDocument(dir);
  const parentCosts = parentCostsByHash(snapshot);
  const parents: UnsharedParent[] = [];
  for (const parent of Object.values(doc?.parents ?? {})) {
    const result = parent.result;
    if (parent.state !== 'done' || !result || !Number.isFinite(result.valAccuracy)) continue;
    // Costs by the cost model, as for trials (a dry-run trainer reports no parameter count).
    const cost = parentCosts.get(parent.hash);
    if (!cost) continue;
    parents.push({ hash: parent.hash, label: parent.label, valAccuracy: result.valAccuracy, params: cost.params, flops: cost.flops });
  }
  return { snapshot, parents };
}

/** Cost of each backbone's unshared parent, keyed by parent hash. */
function parentCostsByHash(snapshot: RunSnapshot): Map<string, Cost> {
  const counts = new Map<string, Cost>();
  for (const trial of snapshot.trials) {
    try {
      const arch = toArchSpec(snapshot.space, trial.genome);
      if (!counts.has(arch.parentHash)) counts.set(arch.parentHash, costOf(parentArch(arch)));
    } catch {
      // An undecodable genome (space file edited since the run) has no known parent.
    }
  }
  return counts;
}
