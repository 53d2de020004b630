/**
 * Vega-Lite specifications of the HTML report's plots: accuracy vs parameters and vs FLOPs
 * with the frontier drawn as a staircase, and hypervolume over trials. Pure data.
 */
import { percent } from './format.js';
import type { Report, TrialRow } from './types.js';

/** One plotted point: a finished trial with a validation accuracy, or a trained fusion parent. */
export interface PlotPoint {
  id: string;
  label: string;
  backbone: string;
  sharing: string;
  kind: 'shared' | 'unshared';
  params: number;
  flops: number;
  valAccuracy: number;
  /** Test accuracy in words ("not evaluated" where no final evaluation ran). */
  testAccuracy: string;
  rung: number;
  budget: string;
  backend: string;
  seed: string;
  frontier: 'yes' | 'no';
  /** 'latest' for the highest measured rung of an architecture, 'superseded' for its cheaper earlier rungs. */
  measurement: 'latest' | 'superseded';
  /** What the point is: drawn as circle, cross and square. */
  marker: 'trial' | 'infeasible trial' | 'fusion parent';
}

export type VegaLiteSpec = Record<string, unknown>;

/** The plots of a report; null where there is nothing to draw yet (no finished trial). */
export interface ReportPlots {
  params: VegaLiteSpec | null;
  flops: VegaLiteSpec | null;
  hypervolume: VegaLiteSpec | null;
  /** Hypervolume against cumulative training compute (null when the run recorded none). */
  hypervolumeCompute: VegaLiteSpec | null;
}

/** Mark names: the SVG renderer gives each mark group the class `<name>_marks`. */
export const MARK_NAMES = { trials: 'trials', frontier: 'frontier', hypervolume: 'hypervolume', hypervolumeCompute: 'hypervolume_compute' } as const;

const MARKERS = { domain: ['trial', 'infeasible trial', 'fusion parent'], range: ['circle', 'cross', 'square'] };

const COLOURS = { domain: ['unshared', 'shared'], range: ['#4c78a8', '#f58518'] };

export function plotPoints(report: Report): PlotPoint[] {
  const plotted = report.trials.filter(isPlotted);
  const topRung = new Map<string, number>();
  for (const row of plotted) topRung.set(row.hash, Math.max(row.rung, topRung.get(row.hash) ?? 0));
  const trials = plotted.map((row): PlotPoint => ({
    id: row.id,
    label: row.label,
    backbone: row.backbone,
    sharing: row.sharing,
    kind: row.shared ? 'shared' : 'unshared',
    params: row.params,
    flops: row.flops,
    valAccuracy: row.valAccuracy,
    testAccuracy: row.testAccuracy === null ? 'not evaluated' : percent(row.testAccuracy),
    rung: row.rung,
    budget: row.budget ?? '',
    backend: row.backend ?? '',
    seed: String(row.seed),
    frontier: row.onFrontier ? 'yes' : 'no',
    measurement: row.rung < topRung.get(row.hash)! ? 'superseded' : 'latest',
    marker: row.infeasible ? 'infeasible trial' : 'trial',
  }));
  const parents = report.parents.map((p): PlotPoint => ({
    id: p.id,
    label: p.label,
    backbone: p.backbone,
    sharing: 'nothing shared (trained once as the weight-fusion parent)',
    kind: 'unshared',
    params: p.params,
    flops: p.flops,
    valAccuracy: p.valAccuracy,
    testAccuracy: 'not evaluated',
    rung: 0,
    budget: 'rung-0 budget',
    backend: '',
    seed: '',
    frontier: 'no',
    measurement: 'latest',
    marker: 'fusion parent',
  }));
  return [...trials, ...parents];
}

function isPlotted(row: TrialRow): row is TrialRow & { valAccuracy: number } {
  return row.state === 'done' && row.valAccuracy !== null;
}

/**
 * The 2-D frontier of accuracy (maximised) against one cost (minimised) among the frontier
 * trials: sorted by cost, keeping each point that beats every cheaper one.
 */
export function staircase(points: PlotPoint[], cost: 'params' | 'flops'): PlotPoint[] {
  const sorted = points
    .filter((p) => p.frontier === 'yes')
    .sort((a, b) => a[cost] - b[cost] || b.valAccuracy - a.valAccuracy);
  const out: PlotPoint[] = [];
  for (const point of sorted) {
    if (out.length === 0 || point.valAccuracy > out[out.length - 1]!.valAccuracy) out.push(point);
  }
  return out;
}

export function reportPlots(report: Report): ReportPlots {
  const points = plotPoints(report);
  const any = points.length > 0;
  return {
    params: any ? scatter(points, 'params', 'Parameters (deployed, log scale)') : null,
    flops: any ? scatter(points, 'flops', 'FLOPs per image (log scale)') : null,
    hypervolume: report.hypervolume.history.length > 0 ? hypervolumePlot(report) : null,
    hypervolumeCompute: report.hypervolume.history.some((p) => p.compute !== null) ? hypervolumeComputePlot(report) : null,
  };
}

function scatter(points: PlotPoint[], cost: 'params' | 'flops', title: string): VegaLiteSpec {
  const x = { field: cost, type: 'quantitative', title, scale: { type: 'log', domain: paddedLogDomain(points.map((p) => p[cost])) }, axis: { format: '~s' } };
  const y = { field: 'valAccuracy', type: 'quantitative', title: 'Validation accuracy', scale: { domain: paddedDomain(points.map((p) => p.valAccuracy)) }, axis: { format: '.1%' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Validation accuracy vs ${cost === 'params' ? 'parameters' : 'FLOPs'}`,
    width: 440,
    height: 320,
    config: { legend: { orient: 'bottom', direction: 'vertical', titleFontSize: 11, labelFontSize: 10 } },
    layer: [
      {
        name: MARK_NAMES.frontier,
        data: { values: staircase(points, cost).map((p) => ({ [cost]: p[cost], valAccuracy: p.valAccuracy })) },
        mark: { type: 'line', interpolate: 'step-after', color: '#54a24b', strokeWidth: 2, strokeDash: [6, 3] },
        encoding: { x, y },
      },
      {
        name: MARK_NAMES.trials,
        data: { values: points },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x,
          y,
          color: { field: 'kind', type: 'nominal', title: 'Weights', scale: COLOURS },
          shape: { field: 'marker', type: 'nominal', title: 'Point', scale: MARKERS },
          stroke: { field: 'frontier', type: 'nominal', title: 'On frontier', scale: { domain: ['yes', 'no'], range: ['#000000', 'transparent'] } },
          strokeWidth: { value: 1.5 },
          opacity: {
            field: 'measurement', type: 'ordinal', title: 'Measurement',
            scale: { domain: ['latest', 'superseded'], range: [0.9, 0.3] },
            legend: { labelExpr: "datum.label == 'latest' ? 'highest rung' : 'lower rung (promoted since)'" },
          },
          tooltip: [
            { field: 'id', title: 'Trial' },
            { field: 'backbone', title: 'Backbone' },
            { field: 'sharing', title: 'Sharing' },
            { field: 'params', title: 'Params', format: ',d' },
            { field: 'flops', title: 'FLOPs', format: ',d' },
            { field: 'valAccuracy', title: 'Val accuracy', format: '.2%' },
            { field: 'testAccuracy', title: 'Test accuracy' },
            { field: 'rung', title: 'Rung' },
            { field: 'budget', title: 'Budget' },
            { field: 'backend', title: 'Backend' },
            { field: 'seed', title: 'Seed' },
            { field: 'frontier', title: 'On frontier' },
            { field: 'marker', title: 'Point' },
          ],
        },
      },
    ],
  };
}

/** A log-scale domain a little wider than the data, so no point sits on an axis. */
function paddedLogDomain(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [1, 10];
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  return [min / 1.3, max * 1.3];
}

/** A linear domain a little wider than the data (accuracies stay within [0, 1]). */
function paddedDomain(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = Math.max(0.005, (max - min) * 0.08);
  return [Math.max(0, min - pad), Math.min(1, max + pad)];
}

/** Hypervolume against training TFLOPs spent (trials and fusion parents): what a run bought with its compute. */
function hypervolumeComputePlot(report: Report): VegaLiteSpec {
  const values = report.hypervolume.history
    .filter((p) => p.compute !== null)
    .map((p) => ({ tflop: p.compute! / 1e12, hypervolume: p.value, trials: p.trials }));
  const encoding = {
    x: { field: 'tflop', type: 'quantitative', title: 'Training compute spent (TFLOPs: trials and fusion parents)' },
    y: { field: 'hypervolume', type: 'quantitative', title: 'Hypervolume (normalised)' },
    tooltip: [
      { field: 'tflop', title: 'Training TFLOPs', format: '.3~f' },
      { field: 'trials', title: 'Finished trials' },
      { field: 'hypervolume', title: 'Hypervolume', format: '.4f' },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Hypervolume over training compute',
    width: 440,
    height: 240,
    data: { values },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', color: '#4c78a8' }, encoding },
      { name: MARK_NAMES.hypervolumeCompute, mark: { type: 'point', filled: true, color: '#4c78a8' }, encoding },
    ],
  };
}

function hypervolumePlot(report: Report): VegaLiteSpec {
  const values = report.hypervolume.history.map((p) => ({ trials: p.trials, hypervolume: p.value }));
  const encoding = {
    x: { field: 'trials', type: 'quantitative', title: 'Finished trials' },
    y: { field: 'hypervolume', type: 'quantitative', title: 'Hypervolume (normalised)' },
    tooltip: [
      { field: 'trials', title: 'Finished trials' },
      { field: 'hypervolume', title: 'Hypervolume', format: '.4f' },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Hypervolume over trials',
    width: 440,
    height: 240,
    data: { values },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', color: '#54a24b' }, encoding },
      { name: MARK_NAMES.hypervolume, mark: { type: 'point', filled: true, color: '#54a24b' }, encoding },
    ],
  };
}
