/**
 * Study results from the per-trial data (pure): per-architecture accuracies over seeds, the
 * "equal epochs" and "equal total compute" tables, the search arms, the proxy fidelity, the
 * compression headline, the findings with their Holm-corrected verdicts, the test set, and
 * compute totals. Everything here is a function of the rows, the study file and its space.
 */
import { isEffectivelyShared, toArchSpec } from '../arch/index.js';
import { analysisV3 } from './analysis-v3.js';
import { decode } from '../space/index.js';
import type { SearchSpace } from '../space/types.js';
import type { RunDocument } from '../store/index.js';
import { compressionOf } from './compression.js';
import { rowsFromDocs, type TrialRow } from './data.js';
import { unitComplete } from './restore.js';
import { fidelityOf } from './fidelity.js';
import { findingsOf } from './findings.js';
import { meanInterval } from './intervals.js';
import { searchesOf } from './search-results.js';
import { mean } from './stats.js';
import { testResultsOf, testUnitsResolved } from './test-set.js';
import type { GridResult, PointResult, StudyResults, Table } from './result-types.js';
import { scratchTwinHash, type PlannedArch } from './plan.js';
import type { StudyPlan } from './units.js';
import type { Study } from './types.js';

/** From the stored runs (a study run or `--report-only`). */
export function aggregateStudy(study: Study, space: SearchSpace, plan: StudyPlan, docs: Map<string, RunDocument>): StudyResults {
  return aggregateRows(study, space, plan, rowsFromDocs(plan, docs, space));
}

export function aggregateRows(study: Study, space: SearchSpace, plan: StudyPlan, rows: readonly TrialRow[]): StudyResults {
  const margin = (study.margin ?? 0.5) / 100;
  const alpha = study.alpha ?? 0.05;
  const done = rows.filter((r) => r.state === 'done' && r.role === 'trial' && r.valAccuracy !== null);
  const grids: GridResult[] = [];
  for (const e of study.experiments) {
    if (e.type !== 'grid' && e.type !== 'equal-compute') continue;
    const kind = e.type === 'grid' ? 'grid' : 'equal-compute';
    const points = (plan.grids.get(e.name) ?? []).map((a) => pointOf(a, done.filter((r) => r.kind === kind && r.hash === a.hash), study.seeds, space));
    grids.push({ experiment: e.name, varies: e.type === 'grid' ? Object.keys(e.vary) : ['control'], points });
  }
  const isControl = new Set(study.experiments.filter((e) => e.type === 'equal-compute').map((e) => e.name));
  const mainPoints = unique(grids.filter((g) => !isControl.has(g.experiment)).flatMap((g) => g.points));
  const controlPoints = unique(grids.filter((g) => isControl.has(g.experiment)).flatMap((g) => g.points));
  const tables: Table[] = [tableOf('equal epochs', mainPoints)];
  if (controlPoints.length > 0) tables.push(tableOf('equal total compute', [...mainPoints.filter((p) => p.fused), ...controlPoints]));

  const searches = searchesOf(study, space, plan, rows);
  const fidelity = fidelityOf(study, plan, rows, tables[0]!);
  // The third edition's analysis replaces the second's headline and findings family
  // (docs/study-v3.md); the second's results (analysis 2) are computed exactly as before.
  const v3 = study.analysis === 3 ? analysisV3({ study, space, plan, rows, grids, controls: isControl, alpha }) : undefined;
  const compression = v3 ? [] : tables.map((t) => compressionOf(t, study.seeds.length, margin, alpha));
  const findings = v3 ? findingsOf({ grids, tables, searches, compression, margin, alpha }, { exploratory: true, keys: ['shareRate'] }) : findingsOf({ grids, tables, searches, compression, margin, alpha });
  const test = testResultsOf(plan, rows, tables[1] ?? null);
  const units = testUnitsResolved(plan, tables[1] ?? null);
  return {
    study: study.name,
    seeds: study.seeds,
    budget: study.budget,
    block: done[0]?.block ?? rows[0]?.block ?? '',
    margin,
    alpha,
    grids,
    tables,
    searches,
    fidelity,
    compression,
    findings,
    test,
    compute: computeOf(rows),
    // A search unit with a compute budget is complete once it has spent it (its trial count is an upper bound).
    complete: units.every((u) => unitComplete(u, rows)),
    ...(v3 ? { v3 } : {}),
  };
}

function pointOf(a: PlannedArch, trials: TrialRow[], seeds: number[], space: SearchSpace): PointResult {
  const bySeed = seeds.map((s) => trials.find((t) => t.seed === s)).filter((t): t is TrialRow => t !== undefined);
  const any = bySeed[0];
  const decoded = decode(space, a.genome);
  const accuracies = bySeed.map((t) => t.valAccuracy as number);
  const tests = bySeed.flatMap((t) => (t.testAccuracy !== undefined ? [t.testAccuracy] : []));
  const own = bySeed.length > 0 ? mean(bySeed.map((t) => t.imagesSeen)) : Number.NaN;
  const inherited = bySeed.length > 0 ? mean(bySeed.map((t) => t.parentImagesSeen ?? 0)) : Number.NaN;
  return {
    hash: a.hash,
    label: any?.label ?? toArchSpec(space, a.genome).label,
    block: any?.block ?? '',
    varied: a.varied,
    shared: isEffectivelyShared(decoded),
    fused: decoded.init !== 'scratch' && isEffectivelyShared(decoded),
    params: any?.params ?? Number.NaN,
    trainingParams: any?.trainingParams ?? Number.NaN,
    flops: any?.flops ?? Number.NaN,
    accuracies,
    interval: meanInterval(accuracies),
    imagesSeen: own,
    totalImages: own + inherited,
    ...(decoded.init !== 'scratch' ? { scratchTwin: scratchTwinHash(space, decoded) } : {}),
    ...(tests.length > 0 ? { testAccuracies: tests } : {}),
  };
}

function unique(points: PointResult[]): PointResult[] {
  const seen = new Set<string>();
  return points.filter((p) => (seen.has(p.hash) ? false : (seen.add(p.hash), true)));
}

function tableOf(setting: Table['setting'], points: PointResult[]): Table {
  const sorted = [...points].sort((a, b) => a.params - b.params || (a.label < b.label ? -1 : 1));
  const unshared = sorted.filter((p) => !p.shared && p.accuracies.length > 0);
  const baseline = unshared.reduce<PointResult | null>((a, b) => (a === null || mean(b.accuracies) > mean(a.accuracies) ? b : a), null);
  return { setting, points: sorted, baseline };
}

function computeOf(rows: readonly TrialRow[]): StudyResults['compute'] {
  let trials = 0;
  let failed = 0;
  let seconds = 0;
  let images = 0;
  const backends: Record<string, number> = {};
  for (const r of rows) {
    if (r.state === 'failed') {
      failed++;
      continue;
    }
    trials++;
    seconds += r.wallSeconds;
    images += r.imagesSeen;
    if (r.backend !== undefined) backends[r.backend] = (backends[r.backend] ?? 0) + 1;
  }
  return { trials, failed, trainerHours: seconds / 3600, imagesSeen: images, ...(Object.keys(backends).length > 0 ? { backends } : {}) };
}
