/**
 * The study's plot as one offline HTML page (pure): mean validation accuracy (± std over
 * seeds) against parameters for every grid architecture, coloured by experiment, with the
 * unshared scaling family's frontier drawn, plus the search trials. Vega-Lite, runtime
 * inlined (the report's bundles), no network.
 */
import { inlineScript, jsonForScript, type VegaBundles } from '../report/html.js';
import type { StudyResults } from './result-types.js';
import { mean, std } from './stats.js';

export function studyPlotData(r: StudyResults): Record<string, unknown>[] {
  const grid = r.grids.flatMap((g) =>
    g.points
      .filter((p) => p.accuracies.length > 0)
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

export function studySpec(r: StudyResults): Record<string, unknown> {
  const x = { field: 'params', type: 'quantitative', scale: { type: 'log' }, title: 'parameters (log scale)' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${r.study}: validation accuracy vs parameters (mean ± std over seeds)`,
    width: 720,
    height: 420,
    data: { name: 'points', values: studyPlotData(r) },
    layer: [
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
