/**
 * The report's three tables as plain text cells, shared by the Markdown and HTML formats:
 * the frontier, shared vs unshared per backbone, and every trial.
 */
import { chargeInWords, computeInWords } from '../store/compute.js';
import { compactNumber, notes, percent, points, ratio } from './format.js';
import type { ComputeFigures, Report, TrialRow } from './types.js';

export interface Table {
  header: string[];
  rows: string[][];
  /** Per row: the trial's state, plus "frontier" / "infeasible" (HTML styling). */
  rowClasses?: string[];
  /** What to say instead of an empty table. */
  empty: string;
}

/** A frontier as a table: the run's (default) or one lower rung's; each row states its budget. */
export function frontierTable(report: Report, ids: readonly string[] = report.frontier): Table {
  const byId = new Map(report.trials.map((row) => [row.id, row]));
  return {
    header: ['Trial', 'Backbone', 'Sharing', 'Params', 'FLOPs', 'Val acc', 'Test acc', 'Rung', 'Budget', 'Backend'],
    rows: ids.map((id) => byId.get(id)!).map((row) => [
      row.id, row.backbone, row.sharing, compactNumber(row.params), compactNumber(row.flops),
      percent(row.valAccuracy), percent(row.testAccuracy), String(row.rung), row.budget ?? '–', row.backend ?? '–',
    ]),
    empty: 'No finished feasible trial yet.',
  };
}

/** What the frontier is compared over, in one sentence. */
export function frontierNote(report: Report): string {
  if (report.frontier.length === 0) return 'No finished feasible trial yet.';
  if (report.frontierRung === null) {
    return 'This run was stored before frontiers were kept per budget: its frontier mixes rungs (each row states its budget); resume it to recompute.';
  }
  const lower = report.rungFrontiers.length > 0 ? ' Cheaper rungs have their own frontiers, listed apart below.' : '';
  return `Every point was evaluated at rung ${report.frontierRung} (${report.frontierBudget ?? 'budget unknown'}), the highest rung reached; the hypervolume is of this frontier.${lower}`;
}

/** Read before the comparison table: what its numbers mean. */
export const COMPARISON_NOTE =
  'Compression = unshared parameters / shared parameters; accuracy change = shared - unshared validation accuracy, ' +
  'both measured at the same rung. Weight-fusion variants start from their trained unshared parent, so they have had ' +
  "the parent's training on top of their own.";

export function comparisonTable(report: Report): Table {
  return {
    header: ['Backbone', 'Unshared (params, val acc)', 'Shared trial', 'Sharing', 'Rung', 'Params', 'Compression', 'Val acc', 'Accuracy change'],
    rows: report.backbones.flatMap((b) =>
      b.variants.length === 0
        ? [[
            b.backbone, b.unsharedTrial ?? 'not measured', '–',
            b.unsharedTrial === null ? 'no unshared version measured to compare with' : 'no shared variant measured at the same rung',
            '–', '–', '–', '–', '–',
          ]]
        : b.variants.map((v) => [
            b.backbone, `${v.unsharedTrial} (${compactNumber(v.unsharedParams)}, ${percent(v.unsharedValAccuracy)})`,
            v.trial, v.sharing, String(v.rung), compactNumber(v.params), ratio(v.compressionRatio),
            percent(v.valAccuracy), points(v.accuracyDelta),
          ]),
    ),
    empty: 'No backbone measured yet.',
  };
}

/**
 * What the run's trainings cost, one line each: the total, trials per rung, fusion parents,
 * and the budget. Training FLOPs = 3 x forward FLOPs x images seen.
 */
export function computeLines(report: Report): string[] {
  const c = report.compute;
  const words = (f: ComputeFigures) => chargeInWords(f);
  const lines = [
    `Total: ${words(c.total)} (training FLOPs = 3 x forward FLOPs x images; trials at every rung and fusion parents, failed and lost attempts included)`,
    ...c.rungs.map((r) => `Trials at rung ${r.rung}: ${words(r)}`),
    `Fusion parents: ${words(c.parents)}`,
  ];
  if (c.budget !== null) lines.push(`Budget (--max-compute): ${computeInWords(c.budget)}, ${((c.total.flops / c.budget) * 100).toFixed(0)}% spent`);
  return lines;
}

export function trialsTable(report: Report): Table {
  return {
    header: ['Trial', 'State', 'Frontier', 'Backbone', 'Sharing', 'Params', 'FLOPs', 'Val acc', 'Test acc', 'Rung (budget)', 'Backend', 'Worker', 'Seed', 'Compute', 'Notes'],
    rows: report.trials.map((row) => [
      row.id, row.state, row.onFrontier ? 'yes' : '', row.backbone, row.sharing, compactNumber(row.params),
      compactNumber(row.flops), percent(row.valAccuracy), percent(row.testAccuracy),
      row.budget ? `${row.rung} (${row.budget})` : String(row.rung), row.backend ?? '–', row.worker ?? '–', String(row.seed),
      trialComputeText(row), notes(row),
    ]),
    rowClasses: report.trials.map(rowClass),
    empty: 'No trial yet.',
  };
}

/** A trial's training cost: "0.16 TFLOP" (x2 trainings), plus the fusion parent it made train. */
function trialComputeText(row: TrialRow): string {
  if (row.trainings === 0 && row.parentTrainingFlops === null) return '–';
  const own = `${computeInWords(row.trainingFlops)}${row.trainings > 1 ? ` (${row.trainings} trainings)` : ''}`;
  return row.parentTrainingFlops === null ? own : `${own} + parent ${computeInWords(row.parentTrainingFlops)}`;
}

export function parentsTable(report: Report): Table {
  return {
    header: ['Parent', 'Backbone', 'Params', 'FLOPs', 'Val acc', 'Compute'],
    rows: report.parents.map((p) => [p.id, p.backbone, compactNumber(p.params), compactNumber(p.flops), percent(p.valAccuracy), computeInWords(p.trainingFlops)]),
    empty: 'No fusion parent trained.',
  };
}

function rowClass(row: TrialRow): string {
  return [row.state, row.onFrontier ? 'frontier' : '', row.infeasible ? 'infeasible' : ''].filter(Boolean).join(' ');
}
