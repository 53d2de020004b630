/**
 * The report as one self-contained HTML page: Vega-Lite plots (runtime inlined, no network:
 * a Content-Security-Policy forbids any fetch) and the report's tables.
 *
 * The page exposes `window.spinReport = { ready, views, errors }` so tests and users can
 * reach the Vega views (`views.params.data(...)`).
 */
import { SYNTHETIC_NOTE } from '../store/synthetic.js';
import { count } from './format.js';
import { escapeHtml, htmlTable } from './html-tables.js';
import { COMPARISON_NOTE, comparisonTable, computeLines, frontierNote, frontierTable, parentsTable, trialsTable } from './tables.js';
import type { Report } from './types.js';
import { reportPlots } from './vega-specs.js';

/** The prebuilt browser bundles of Vega, Vega-Lite and vega-embed (see assets.ts). */
export interface VegaBundles {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td:first-child { white-space: nowrap; }
tr.frontier td:first-child { font-weight: bold; }
tr.failed { color: #a00; } tr.pending, tr.running { color: #777; }
tr.infeasible td { text-decoration: line-through; text-decoration-color: #c66; }
.synthetic { background: #ffe0e0; padding: 0.6rem; border: 2px solid #c00; font-weight: bold; }
.note { background: #fff6d6; padding: 0.5rem; border-left: 4px solid #e0b000; }
`;

export function renderHtml(report: Report, bundles: VegaBundles): string {
  const { run, hypervolume } = report;
  const c = run.counts;
  const plots = reportPlots(report);
  const title = `spin-nas report: ${run.name}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${inlineScript(bundles.vega)}
${inlineScript(bundles.vegaLite)}
${inlineScript(bundles.vegaEmbed)}
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${run.synthetic ? `<p class="synthetic" id="synthetic-banner">${escapeHtml(SYNTHETIC_NOTE)}</p>` : ''}
<ul>
<li>Run folder: <code>${escapeHtml(run.dir)}</code></li>
<li>Search space: ${escapeHtml(run.space)} on ${escapeHtml(run.dataset)}${run.strategy ? `, strategy ${escapeHtml(run.strategy)}` : ''}</li>
<li>Objectives: ${escapeHtml(run.objectives.join(', '))}</li>
<li>Trials: ${c.total} (${c.done} done, ${c.running} running, ${c.pending} pending, ${c.failed} failed; ${c.infeasible} infeasible)</li>
<li>Hypervolume: <strong id="hypervolume-value">${hypervolume.value.toFixed(4)}</strong>, reference point (${escapeHtml(hypervolume.reference.join(', '))}), ${escapeHtml(hypervolume.normalisation)}</li>
</ul>
${run.inProgress ? `<p class="note">Run in progress: figures will change as ${c.pending + c.running} trials finish.</p>` : ''}
<h2>Frontier plots</h2>
<p>Each point is a finished trial (squares: unshared networks trained once as weight-fusion parents); the dashed green staircase is the Pareto frontier; black-ringed points are on it; crosses violate the space's constraints; faded points are cheaper rungs of trials promoted since. Hover a point for its details.</p>
<div class="plots">
<div id="plot-params"></div>
<div id="plot-flops"></div>
<div id="plot-hypervolume"></div>
<div id="plot-hypervolumeCompute"></div>
</div>
<h2>Compute</h2>
<ul id="compute">
${computeLines(report).map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
<h2>Pareto frontier (${count(report.frontier.length, 'trial')})</h2>
<p id="frontier-note">${escapeHtml(frontierNote(report))}</p>
${htmlTable('frontier-table', frontierTable(report))}
${report.rungFrontiers.map((f) => `<h2>Rung ${f.rung} frontier (${escapeHtml(f.budget ?? 'budget unknown')}; cheaper, not compared with the frontier above)</h2>\n${htmlTable(`rung-${f.rung}-frontier-table`, frontierTable(report, f.ids))}`).join('\n')}
<h2>Shared vs unshared, per backbone</h2>
<p>${escapeHtml(COMPARISON_NOTE)}</p>
${htmlTable('comparison-table', comparisonTable(report))}
${report.parents.length > 0 ? `<h2>Fusion parents (unshared, trained once per backbone at the rung-0 budget)</h2>\n${htmlTable('parents-table', parentsTable(report))}` : ''}
<h2>All trials</h2>
${htmlTable('trials-table', trialsTable(report))}
<script type="application/json" id="spin-report-data">${jsonForScript(report)}</script>
<script>
(function () {
  var specs = ${jsonForScript(plots)};
  var report = { ready: null, views: {}, errors: [], data: JSON.parse(document.getElementById('spin-report-data').textContent) };
  window.spinReport = report;
  var options = { renderer: 'svg', actions: false };
  report.ready = Promise.all(Object.keys(specs).map(function (key) {
    if (specs[key] === null) {
      document.getElementById('plot-' + key).innerHTML = '<p class="empty">' + key + ' plot: no finished trial yet.</p>';
      return null;
    }
    return vegaEmbed('#plot-' + key, specs[key], options).then(function (result) {
      report.views[key] = result.view;
    });
  })).catch(function (error) {
    report.errors.push(String(error));
    console.error(error);
    throw error;
  });
})();
</script>
</body>
</html>
`;
}

/** A bundle inlined in a <script>: no closing tag can end it early, no source map is fetched. */
export function inlineScript(code: string): string {
  const cleaned = code.replace(/\/\/# sourceMappingURL=\S+\s*$/, '').replace(/<\/(script)/gi, '<\\/$1');
  return `<script>\n${cleaned}\n</script>`;
}

/** JSON safe inside a <script> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
