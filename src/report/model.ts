/**
 * RunSnapshot -> Report: the one place where report content is decided. Pure: every
 * format renders the Report this builds.
 */
import type { ProxyBudget } from '../space/types.js';
import { isSyntheticRun, isSyntheticTrial } from '../store/synthetic.js';
import { parentCompute, runCompute, trialCompute } from '../store/compute.js';
import type { ComputeCharge } from '../store/types.js';
import type { RunSnapshot, TrialRecord } from '../store/types.js';
import { compareBackbones, type UnsharedParent } from './compare.js';
import { describeLabel, describeTrial, type ArchDecoder } from './describe.js';
import { REPORT_SCHEMA_VERSION, type ComputeFigures, type ComputeSummary, type Report, type RunSummary, type TrialRow } from './types.js';

export interface ReportOptions {
  /** Decodes a genome into an architecture (sharing plan, parent hash). Without it, labels are used. */
  decode?: ArchDecoder;
  /** Trained unshared parents (the run store's `parents`): compared with when no unshared trial was measured. */
  parents?: UnsharedParent[];
}

export function buildReport(snapshot: RunSnapshot, options: ReportOptions = {}): Report {
  const frontier = new Set(snapshot.frontier);
  const trials = [...snapshot.trials]
    .sort((a, b) => a.number - b.number)
    .map((trial) => trialRow(snapshot, trial, frontier.has(trial.id), options.decode));
  const byId = new Map(trials.map((row) => [row.id, row]));
  const frontierIds = snapshot.frontier
    .filter((id) => byId.has(id))
    .sort((a, b) => (byId.get(b)!.valAccuracy ?? -1) - (byId.get(a)!.valAccuracy ?? -1) || a.localeCompare(b));
  const byAccuracy = (ids: readonly string[]) =>
    ids.filter((id) => byId.has(id)).sort((a, b) => (byId.get(b)!.valAccuracy ?? -1) - (byId.get(a)!.valAccuracy ?? -1) || a.localeCompare(b));
  const frontierRung = snapshot.frontierRung ?? singleRung(frontierIds.map((id) => byId.get(id)!.rung));
  const rungFrontiers = (snapshot.rungFrontiers ?? [])
    .filter((f) => frontierRung === null || f.rung < frontierRung)
    .map((f) => ({ rung: f.rung, budget: budgetInWords(rungBudget(snapshot, f.rung)), ids: byAccuracy(f.ids) }));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: runSummary(snapshot),
    hypervolume: {
      value: snapshot.hypervolume.value,
      reference: [...snapshot.hypervolume.reference],
      normalisation: snapshot.hypervolume.normalisation,
      history: snapshot.hypervolume.history.map((point) => ({ trials: point.trials, value: point.value, rung: point.rung ?? null, compute: point.compute ?? null })),
    },
    frontier: frontierIds,
    frontierRung,
    frontierBudget: frontierRung === null ? null : budgetInWords(rungBudget(snapshot, frontierRung)),
    rungFrontiers,
    trials,
    backbones: compareBackbones(trials, options.parents),
    parents: (options.parents ?? []).map((p) => {
      const record = snapshot.parents?.[p.hash];
      const c = record ? parentCompute(record, snapshot.trials) : null;
      return {
        id: `parent-${p.hash}`,
        hash: p.hash,
        label: p.label,
        backbone: describeLabel(p.label).backbone,
        params: p.params,
        flops: p.flops,
        valAccuracy: p.valAccuracy,
        // An older run's parent has no recorded charge: its forward FLOPs are known here.
        trainingFlops: c !== null && (c.flops > 0 || record?.compute) ? c.flops : 3 * p.flops * (c?.images ?? 0),
        trainedImages: c?.images ?? 0,
        trainerSeconds: c?.seconds ?? 0,
      };
    }),
    compute: computeSummary(snapshot),
  };
}

function figures(c: ComputeCharge): ComputeFigures {
  return { images: c.images, flops: c.flops, seconds: c.seconds, trainings: c.trainings, estimated: c.estimated ?? 0 };
}

function computeSummary(snapshot: RunSnapshot): ComputeSummary {
  const c = runCompute(snapshot);
  return {
    total: figures(c.total),
    trials: figures(c.trials),
    parents: figures(c.parents),
    rungs: c.rungs.map((r) => ({ rung: r.rung, ...figures(r.compute) })),
    budget: c.budget,
  };
}

/** The one rung of a list, or null when it is empty or mixes rungs (frontiers of older runs). */
function singleRung(rungs: number[]): number | null {
  return rungs.length > 0 && rungs.every((r) => r === rungs[0]) ? rungs[0]! : null;
}

function runSummary(snapshot: RunSnapshot): RunSummary {
  const counts = { pending: 0, running: 0, done: 0, failed: 0, total: 0, infeasible: 0 };
  for (const trial of snapshot.trials) {
    counts[trial.state] += 1;
    counts.total += 1;
    if (trial.infeasible) counts.infeasible += 1;
  }
  const strategy = snapshot.config['strategy'];
  return {
    name: snapshot.name,
    dir: snapshot.dir,
    space: snapshot.space.name,
    dataset: snapshot.space.dataset.name,
    objectives: snapshot.space.objectives.map((o) => `${o.metric}:${o.direction}`),
    strategy: typeof strategy === 'string' ? strategy : null,
    counts,
    inProgress: counts.pending + counts.running > 0,
    synthetic: isSyntheticRun(snapshot),
  };
}

function trialRow(snapshot: RunSnapshot, trial: TrialRecord, onFrontier: boolean, decode?: ArchDecoder): TrialRow {
  const described = describeTrial(trial, snapshot.space, decode);
  const result = trial.state === 'done' ? trial.result : undefined;
  return {
    id: trial.id,
    number: trial.number,
    hash: trial.hash,
    parentHash: described.parentHash,
    label: trial.label,
    backbone: described.backbone,
    sharing: described.sharing,
    shared: described.shared,
    init: described.init,
    rung: trial.rung,
    budget: budgetInWords(rungBudget(snapshot, trial.rung)),
    state: trial.state,
    seed: trial.seed,
    backend: result?.backend ?? trial.backend ?? null,
    worker: trial.worker ? `${trial.worker.host}:${trial.worker.pid}` : null,
    params: trial.cost.params,
    trainingParams: trial.cost.trainingParams,
    flops: trial.cost.flops,
    valAccuracy: finiteOrNull(result?.valAccuracy),
    valLoss: finiteOrNull(result?.valLoss),
    testAccuracy: finiteOrNull(result?.testAccuracy),
    wallSeconds: finiteOrNull(result?.wallSeconds),
    imagesPerSecond: finiteOrNull(result?.imagesPerSecond),
    infeasible: trial.infeasible,
    onFrontier,
    checkpoint: trial.weightsDeleted === undefined ? result?.checkpoint ?? null : null,
    error: trial.error ?? null,
    synthetic: isSyntheticTrial(snapshot, trial),
    ...trialComputeColumns(trial),
  };
}

function trialComputeColumns(trial: TrialRecord): Pick<TrialRow, 'trainingFlops' | 'trainedImages' | 'trainerSeconds' | 'trainings' | 'parentTrainingFlops'> {
  const c = trialCompute(trial);
  return { trainingFlops: c.flops, trainedImages: c.images, trainerSeconds: c.seconds, trainings: c.trainings, parentTrainingFlops: trial.parentCompute?.flops ?? null };
}

/**
 * The proxy budget of a rung: from the run configuration's rung list when it records one
 * (`rungs`, `budgets` or `budget` as a list), else the space's budget for rung 0.
 */
export function rungBudget(snapshot: RunSnapshot, rung: number): Partial<ProxyBudget> | null {
  for (const key of ['rungs', 'budgets', 'budget']) {
    const list = snapshot.config[key];
    if (Array.isArray(list) && list.length > rung && isObject(list[rung])) return list[rung];
  }
  return rung === 0 ? snapshot.space.budget : null;
}

export function budgetInWords(budget: Partial<ProxyBudget> | null): string | null {
  if (!budget) return null;
  const parts: string[] = [];
  if (typeof budget.epochs === 'number') parts.push(`${budget.epochs} epoch${budget.epochs === 1 ? '' : 's'}`);
  if (typeof budget.trainSubset === 'number') parts.push(`${budget.trainSubset} images`);
  if (typeof budget.maxSteps === 'number') parts.push(`at most ${budget.maxSteps} steps`);
  return parts.length > 0 ? parts.join(', ') : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
