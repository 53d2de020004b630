/** The HTML report's tables: frontier, shared vs unshared per backbone, and every trial. */
import { compactNumber, notes, percent, points, ratio } from './format.js';
import type { Report, TrialRow } from './types.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function table(id: string, header: string[], rows: string[][], rowClasses: string[] = []): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row, i) => `<tr${rowClasses[i] ? ` class="${rowClasses[i]}"` : ''}>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table id="${id}"><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

export function frontierTable(report: Report): string {
  if (report.frontier.length === 0) return '<p>No finished feasible trial yet.</p>';
  const byId = new Map(report.trials.map((row) => [row.id, row]));
  return table(
    'frontier-table',
    ['Trial', 'Backbone', 'Sharing', 'Params', 'FLOPs', 'Val acc', 'Test acc', 'Rung', 'Backend'],
    report.frontier.map((id) => byId.get(id)!).map((row) => [
      row.id, row.backbone, row.sharing, compactNumber(row.params), compactNumber(row.flops),
      percent(row.valAccuracy), percent(row.testAccuracy), String(row.rung), row.backend ?? '–',
    ]),
  );
}

export function comparisonTable(report: Report): string {
  const rows = report.backbones.flatMap((b) =>
    b.variants.length === 0
      ? [[b.backbone, b.unsharedTrial ?? 'not measured', '–', 'no shared variant measured at the same rung', '–', '–', '–', '–', '–']]
      : b.variants.map((v) => [
          b.backbone, `${v.unsharedTrial} (${compactNumber(v.unsharedParams)}, ${percent(v.unsharedValAccuracy)})`,
          v.trial, v.sharing, String(v.rung), compactNumber(v.params), ratio(v.compressionRatio),
          percent(v.valAccuracy), points(v.accuracyDelta),
        ]),
  );
  if (rows.length === 0) return '<p>No backbone measured yet.</p>';
  return table(
    'comparison-table',
    ['Backbone', 'Unshared (params, val acc)', 'Shared trial', 'Sharing', 'Rung', 'Params', 'Compression', 'Val acc', 'Accuracy change'],
    rows,
  );
}

export function trialsTable(report: Report): string {
  return table(
    'trials-table',
    ['Trial', 'State', 'Frontier', 'Backbone', 'Sharing', 'Params', 'FLOPs', 'Val acc', 'Test acc', 'Rung (budget)', 'Backend', 'Seed', 'Notes'],
    report.trials.map((row) => [
      row.id, row.state, row.onFrontier ? 'yes' : '', row.backbone, row.sharing, compactNumber(row.params),
      compactNumber(row.flops), percent(row.valAccuracy), percent(row.testAccuracy),
      row.budget ? `${row.rung} (${row.budget})` : String(row.rung), row.backend ?? '–', String(row.seed), notes(row),
    ]),
    report.trials.map(rowClass),
  );
}


function rowClass(row: TrialRow): string {
  return [row.state, row.onFrontier ? 'frontier' : '', row.infeasible ? 'infeasible' : ''].filter(Boolean).join(' ');
}
