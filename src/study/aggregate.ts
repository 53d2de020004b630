/**
 * Study results from the stored runs (pure): per-architecture accuracies over seeds, the
 * search frontiers, the proxy-vs-long rank correlation, compute totals, and the compression
 * at equal or better accuracy than the best unshared baseline.
 */
import { isEffectivelyShared } from '../arch/index.js';
import { decode } from '../space/index.js';
import type { SearchSpace } from '../space/types.js';
import type { RunDocument } from '../store/index.js';
import type { TrialRecord } from '../store/types.js';
import { kendallTau, mean } from './stats.js';
import type { StudyPlan, StudyUnit } from './units.js';
import type { Study } from './types.js';

export interface PointResult {
  hash: string;
  label: string;
  varied: Record<string, unknown>;
  shared: boolean;
  /** Initialised by weight fusion from a trained parent (extra training compute). */
  fused: boolean;
  params: number;
  trainingParams: number;
  flops: number;
  /** Validation accuracy per seed, in the order of study.seeds (missing seeds left out). */
  accuracies: number[];
}

export interface GridResult {
  experiment: string;
  varies: string[];
  points: PointResult[];
}

export interface SearchSeedResult {
  seed: number;
  trials: number;
  frontier: { label: string; shared: boolean; params: number; flops: number; accuracy: number }[];
  hypervolume: number;
  bestAccuracy: number;
}

export interface FidelityResult {
  experiment: string;
  rows: { label: string; proxy: number; long: number }[];
  tau: number;
}

export interface Compression {
  baseline: PointResult;
  /** The smallest grid architecture whose mean accuracy is at least the baseline's. */
  best: PointResult | null;
  ratio: number;
  /**
   * The same among architectures trained from scratch only: equal training compute (a fused
   * model also inherits its parent's training).
   */
  scratch: PointResult | null;
  scratchRatio: number;
  /** Same, among the search trials (single seed each). */
  search: { label: string; params: number; accuracy: number; ratio: number } | null;
}

export interface StudyResults {
  study: string;
  seeds: number[];
  budget: unknown;
  grids: GridResult[];
  searches: { experiment: string; seeds: SearchSeedResult[] }[];
  fidelity: FidelityResult[];
  compression: Compression | null;
  compute: { trials: number; failed: number; trainerHours: number; imagesSeen: number };
  complete: boolean;
}

export function aggregateStudy(study: Study, space: SearchSpace, plan: StudyPlan, docs: Map<string, RunDocument>): StudyResults {
  const gridTrials = (seed: number): TrialRecord[] =>
    plan.units.filter((u) => u.kind === 'grid' && u.seed === seed).flatMap((u) => doneTrials(docs.get(u.name)));
  const bySeed = new Map(study.seeds.map((s) => [s, new Map(gridTrials(s).map((t) => [t.hash, t]))]));

  const grids: GridResult[] = [];
  for (const e of study.experiments) {
    if (e.type !== 'grid') continue;
    const points = (plan.grids.get(e.name) ?? []).map((a) => {
      const trials = study.seeds.map((s) => bySeed.get(s)?.get(a.hash)).filter((t): t is TrialRecord => t !== undefined);
      const any = trials[0];
      const decoded = decode(space, a.genome);
      return {
        hash: a.hash,
        label: any?.label ?? a.hash,
        varied: a.varied,
        shared: isEffectivelyShared(decoded),
        fused: decoded.init !== 'scratch',
        params: any?.cost.params ?? Number.NaN,
        trainingParams: any?.cost.trainingParams ?? Number.NaN,
        flops: any?.cost.flops ?? Number.NaN,
        accuracies: trials.map((t) => t.result!.valAccuracy),
      };
    });
    grids.push({ experiment: e.name, varies: Object.keys(e.vary), points });
  }

  const searches = study.experiments
    .filter((e) => e.type === 'search')
    .map((e) => ({
      experiment: e.name,
      seeds: plan.units
        .filter((u) => u.experiment === e.name && docs.has(u.name))
        .map((u) => searchSeed(u, docs.get(u.name) as RunDocument, space)),
    }));

  const fidelity = plan.units
    .filter((u) => u.kind === 'fidelity' && docs.has(u.name))
    .map((u) => fidelityOf(u, docs.get(u.name) as RunDocument, grids));

  return {
    study: study.name,
    seeds: study.seeds,
    budget: study.budget,
    grids,
    searches,
    fidelity,
    compression: compressionOf(grids, searches.flatMap((s) => s.seeds.flatMap((x) => x.frontier))),
    compute: computeOf(docs),
    complete: plan.units.every((u) => isComplete(docs.get(u.name), u)),
  };
}

function doneTrials(doc: RunDocument | undefined): TrialRecord[] {
  return (doc?.trials ?? []).filter((t) => t.state === 'done' && t.result !== undefined);
}

function isComplete(doc: RunDocument | undefined, unit: StudyUnit): boolean {
  if (!doc) return false;
  const finished = doc.trials.filter((t) => t.state === 'done' || t.state === 'failed').length;
  return finished >= unit.trials && doc.trials.every((t) => t.state === 'done' || t.state === 'failed');
}

function searchSeed(unit: StudyUnit, doc: RunDocument, space: SearchSpace): SearchSeedResult {
  const done = doneTrials(doc);
  const byId = new Map(done.map((t) => [t.id, t]));
  const frontier = doc.frontier
    .map((id) => byId.get(id))
    .filter((t): t is TrialRecord => t !== undefined)
    .map((t) => ({ label: t.label, shared: isEffectivelyShared(decode(space, t.genome)), params: t.cost.params, flops: t.cost.flops, accuracy: t.result!.valAccuracy }))
    .sort((a, b) => a.params - b.params);
  return {
    seed: unit.seed,
    trials: done.length,
    frontier,
    hypervolume: doc.hypervolume.value,
    bestAccuracy: done.reduce((m, t) => Math.max(m, t.result!.valAccuracy), 0),
  };
}

function fidelityOf(unit: StudyUnit, doc: RunDocument, grids: GridResult[]): FidelityResult {
  const proxy = new Map(grids.flatMap((g) => g.points).map((p) => [p.hash, p]));
  const rows = doneTrials(doc)
    .filter((t) => proxy.has(t.hash) && (proxy.get(t.hash) as PointResult).accuracies.length > 0)
    .map((t) => ({ label: t.label, proxy: mean((proxy.get(t.hash) as PointResult).accuracies), long: t.result!.valAccuracy }));
  return { experiment: unit.experiment, rows, tau: kendallTau(rows.map((r) => r.proxy), rows.map((r) => r.long)) };
}

function compressionOf(grids: GridResult[], searchFrontier: { label: string; params: number; accuracy: number }[]): Compression | null {
  const measured = grids.flatMap((g) => g.points).filter((p) => p.accuracies.length > 0);
  const unshared = measured.filter((p) => !p.shared);
  if (unshared.length === 0) return null;
  const baseline = unshared.reduce((a, b) => (mean(b.accuracies) > mean(a.accuracies) ? b : a));
  const target = mean(baseline.accuracies);
  const atLeast = measured.filter((p) => mean(p.accuracies) >= target);
  const smallest = (list: PointResult[]): PointResult | null => list.reduce<PointResult | null>((a, b) => (a === null || b.params < a.params ? b : a), null);
  const best = smallest(atLeast);
  const scratch = smallest(atLeast.filter((p) => !p.fused));
  const found = searchFrontier.filter((p) => p.accuracy >= target).sort((a, b) => a.params - b.params)[0];
  return {
    baseline,
    best,
    ratio: best ? baseline.params / best.params : Number.NaN,
    scratch,
    scratchRatio: scratch ? baseline.params / scratch.params : Number.NaN,
    search: found ? { ...found, ratio: baseline.params / found.params } : null,
  };
}

function computeOf(docs: Map<string, RunDocument>): StudyResults['compute'] {
  let trials = 0;
  let failed = 0;
  let seconds = 0;
  let images = 0;
  for (const doc of docs.values()) {
    for (const t of doc.trials) {
      if (t.state === 'failed') failed++;
      if (t.state !== 'done' || !t.result) continue;
      trials++;
      seconds += t.result.wallSeconds;
      images += t.result.imagesSeen;
    }
    for (const p of Object.values(doc.parents)) {
      if (!p.result) continue;
      trials++;
      seconds += p.result.wallSeconds;
      images += p.result.imagesSeen;
    }
  }
  return { trials, failed, trainerHours: seconds / 3600, imagesSeen: images };
}
