/**
 * The study's plot as one offline HTML page (pure): mean validation accuracy (± std over
 * seeds) against parameters for every grid architecture, coloured by experiment, plus the
 * searches' final frontiers; the third edition draws its fitted family curve (dashed) and puts
 * the searches in a panel of their own. Vega-Lite, runtime inlined (the report's bundles), no
 * network.
 */
import { inlineScript, jsonForScript, type VegaBundles } from '../report/html.js';
import { predict } from './curve.js';
import type { PointResult, StudyResults } from './result-types.js';
import { mean, std } from './stats.js';

/** Every grid architecture's mean (± std over seeds); the third edition draws each measurement once. */
export function gridPlotData(r: StudyResults): Record<string, unknown>[] {
  // The third edition plots each measurement once, in the colour of the first experiment that
  // lists it (its grids share architectures: family-large's points are family's trainings).
  const seen = new Set<string>();
  const once = (p: PointResult): boolean => {
    if (!r.v3) return true;
    const key = `${p.hash}|${p.accuracies.join(',')}`;
    return seen.has(key) ? false : (seen.add(key), true);
  };
  return r.grids.flatMap((g) =>
    g.points
      .filter((p) => p.accuracies.length > 0 && once(p))
      .map((p) => ({
        experiment: g.experiment,
        label: p.label,
        shared: p.shared,
        params: p.params,
        flops: p.flops,
        accuracy: mean(p.accuracies),
        low: mean(p.accuracies) - std(p.accuracies),
        high: mean(p.accuracies) + std(p.accuracies),
        seeds: p.accuracies.length,
      })),
  );
}

/** Each search seed's final frontier, one point per architecture on it. */
export function searchPlotData(r: StudyResults): Record<string, unknown>[] {
  return r.searches.flatMap((s) =>
    s.seeds.flatMap((x) =>
      x.frontier.map((p) => ({
        experiment: r.v3 ? s.experiment : `${s.experiment} frontier (seed ${x.seed})`,
        ...(r.v3 ? { seed: x.seed } : {}),
        label: p.label,
        shared: p.shared,
        params: p.params,
        flops: p.flops,
        accuracy: p.accuracy,
        low: p.accuracy,
        high: p.accuracy,
        seeds: 1,
      })),
    ),
  );
}

/** The first and second editions' single plot: grid architectures and search frontiers together. */
export function studyPlotData(r: StudyResults): Record<string, unknown>[] {
  return [...gridPlotData(r), ...searchPlotData(r)];
}

/** The third edition's fitted family curve, sampled over the family's range (empty without one). */
export function curveLineData(r: StudyResults, samples = 60): { params: number; accuracy: number }[] {
  const c = r.v3?.curve;
  if (!c) return [];
  return Array.from({ length: samples }, (_, i) => {
    const x = c.low + ((c.high - c.low) * i) / (samples - 1);
    return { params: Math.exp(x), accuracy: predict(c, x) };
  });
}

type Axis = Record<string, unknown>;

/** The error bars and the named points of one panel, coloured by `experiment`. */
function pointLayers(x: Axis, name: string, extraTooltip: Axis[] = []): Record<string, unknown>[] {
  return [
    { mark: { type: 'rule' }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'experiment', type: 'nominal' } } },
    {
      name,
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        x,
        y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title: 'validation accuracy' },
        color: { field: 'experiment', type: 'nominal' },
        shape: { field: 'shared', type: 'nominal', title: 'weights shared' },
        tooltip: [
          { field: 'label', title: 'architecture' },
          { field: 'experiment' },
          ...extraTooltip,
          { field: 'params', format: ',' },
          { field: 'flops', format: '.3s', title: 'FLOPs' },
          { field: 'accuracy', format: '.4f' },
          { field: 'seeds' },
        ],
      },
    },
  ];
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export function studySpec(r: StudyResults): Record<string, unknown> {
  if (r.v3) return studySpecV3(r);
  const x = { field: 'params', type: 'quantitative', scale: { type: 'log' }, title: 'parameters (log scale)' };
  return {
    $schema: SCHEMA,
    title: `${r.study}: validation accuracy vs parameters (mean ± std over seeds)`,
    width: 720,
    height: 420,
    data: { name: 'points', values: studyPlotData(r) },
    layer: pointLayers(x, 'points'),
  };
}

/**
 * The third edition's page: two panels, since the searches train on their own proxy budget
 * and their accuracies sit far below the study budget's. Above, every grid arm with the curve
 * its analysis fits to the unshared family (dashed); below, each search seed's final frontier,
 * coloured by search.
 */
function studySpecV3(r: StudyResults): Record<string, unknown> {
  // The axis spans the points (not the next powers of ten).
  const x = { field: 'params', type: 'quantitative', scale: { type: 'log', nice: false, padding: 24 }, axis: { format: '~s' }, title: 'parameters (log scale)' };
  const curve = { data: { values: curveLineData(r) }, mark: { type: 'line', color: '#555', strokeDash: [5, 4] }, encoding: { x, y: { field: 'accuracy', type: 'quantitative' } } };
  const searches = searchPlotData(r);
  const arms = {
    title: { text: 'Every grid arm (mean ± std over seeds) and the unshared family\'s fitted curve (dashed)', subtitle: 'the fusion arm (parent charged) and the convergence arm (doubled budget) saw twice the images of the others' },
    width: 720,
    height: 420,
    data: { name: 'arms', values: gridPlotData(r) },
    layer: [curve, ...pointLayers(x, 'arms')],
  };
  const frontiers = {
    title: { text: "The searches: each seed's final frontier", subtitle: "trained on the searches' own proxy budget: their accuracies do not compare with the panel above" },
    width: 720,
    height: 300,
    data: { name: 'searches', values: searches },
    layer: pointLayers(x, 'searches', [{ field: 'seed' }]),
  };
  return {
    $schema: SCHEMA,
    title: `${r.study}: validation accuracy vs parameters`,
    vconcat: searches.length > 0 ? [arms, frontiers] : [arms],
    resolve: { scale: { x: 'independent', color: 'independent' }, legend: { color: 'independent' } },
  };
}

export function renderStudyHtml(r: StudyResults, bundles: VegaBundles): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>spin-nas study: ${r.study}</title>
<style>body { font-family: system-ui, sans-serif; margin: 1.5rem; }</style>
${inlineScript(bundles.vega)}
${inlineScript(bundles.vegaLite)}
${inlineScript(bundles.vegaEmbed)}
</head>
<body>
<div id="plot"></div>
<script>
window.spinStudy = { ready: vegaEmbed('#plot', ${jsonForScript(studySpec(r))}, { renderer: 'svg', actions: false }) };
</script>
</body>
</html>
`;
}
