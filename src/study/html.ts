/**
 * The study's plot as one offline HTML page (pure): mean validation accuracy (± std over
 * seeds) against parameters for every grid architecture, coloured by experiment, with the
 * unshared scaling family's frontier drawn, plus the search trials; the third edition adds
 * its fitted family curve (dashed). Vega-Lite, runtime
 * inlined (the report's bundles), no network.
 */
import { inlineScript, jsonForScript, type VegaBundles } from '../report/html.js';
import { predict } from './curve.js';
import type { PointResult, StudyResults } from './result-types.js';
import { mean, std } from './stats.js';

export function studyPlotData(r: StudyResults): Record<string, unknown>[] {
  // The third edition plots each measurement once, in the colour of the first experiment that
  // lists it (its grids share architectures: family-large's points are family's trainings).
  const seen = new Set<string>();
  const once = (p: PointResult): boolean => {
    if (!r.v3) return true;
    const key = `${p.hash}|${p.accuracies.join(',')}`;
    return seen.has(key) ? false : (seen.add(key), true);
  };
  const grid = r.grids.flatMap((g) =>
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
  const search = r.searches.flatMap((s) =>
    s.seeds.flatMap((x) => x.frontier.map((p) => ({ experiment: `${s.experiment} frontier (seed ${x.seed})`, label: p.label, shared: p.shared, params: p.params, flops: p.flops, accuracy: p.accuracy, low: p.accuracy, high: p.accuracy, seeds: 1 }))),
  );
  return [...grid, ...search];
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

export function studySpec(r: StudyResults): Record<string, unknown> {
  const line = curveLineData(r);
  // The third edition's axis spans its points (not the next powers of ten).
  const scale = r.v3 ? { type: 'log', nice: false, padding: 24 } : { type: 'log' };
  const x = { field: 'params', type: 'quantitative', scale, title: 'parameters (log scale)' };
  // The third edition draws the curve its analysis fits to the unshared family (equal images).
  const curve = line.length > 0 ? [{ data: { values: line }, mark: { type: 'line', color: '#555', strokeDash: [5, 4] }, encoding: { x, y: { field: 'accuracy', type: 'quantitative' } } }] : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${r.study}: validation accuracy vs parameters (mean ± std over seeds)`,
    width: 720,
    height: 420,
    data: { name: 'points', values: studyPlotData(r) },
    layer: [
      ...curve,
      { mark: { type: 'rule' }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'experiment', type: 'nominal' } } },
      {
        name: 'points',
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title: 'validation accuracy' },
          color: { field: 'experiment', type: 'nominal' },
          shape: { field: 'shared', type: 'nominal', title: 'weights shared' },
          tooltip: [
            { field: 'label', title: 'architecture' },
            { field: 'experiment' },
            { field: 'params', format: ',' },
            { field: 'flops', format: '.3s', title: 'FLOPs' },
            { field: 'accuracy', format: '.4f' },
            { field: 'seeds' },
          ],
        },
      },
    ],
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
