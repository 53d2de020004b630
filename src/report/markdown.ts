/** The report as Markdown: a summary, the frontier, backbone comparisons and every trial in tables. */
import { compactNumber, notes, percent, points, ratio } from './format.js';
import type { Report } from './types.js';

export function renderMarkdown(report: Report): string {
  const { run, hypervolume } = report;
  const byId = new Map(report.trials.map((row) => [row.id, row]));
  const lines: string[] = [];
  lines.push(`# spin-nas report: ${inline(run.name)}`, '');
  lines.push(`- Run folder: \`${inline(run.dir)}\``);
  lines.push(`- Search space: ${inline(run.space)} on ${inline(run.dataset)}${run.strategy ? `, strategy ${inline(run.strategy)}` : ''}`);
  lines.push(`- Objectives: ${run.objectives.join(', ')}`);
  const c = run.counts;
  lines.push(
    `- Trials: ${c.total} (${c.done} done, ${c.running} running, ${c.pending} pending, ${c.failed} failed; ${c.infeasible} infeasible)`,
  );
  if (run.inProgress) lines.push(`- **Run in progress**: figures will change as ${c.pending + c.running} trials finish.`);
  lines.push('');

  lines.push('## Hypervolume', '');
  lines.push(`- Value: ${hypervolume.value.toFixed(4)}`);
  lines.push(`- Reference point: (${hypervolume.reference.join(', ')})`);
  lines.push(`- Normalisation: ${inline(hypervolume.normalisation)}`);
  if (hypervolume.history.length > 0) {
    lines.push(`- Over trials: ${hypervolume.history.map((p) => `${p.trials}: ${p.value.toFixed(4)}`).join(', ')}`);
  }
  lines.push('');

  lines.push(`## Pareto frontier (${report.frontier.length} trials)`, '');
  if (report.frontier.length === 0) lines.push('No finished feasible trial yet.');
  else {
    lines.push(
      ...table(
        ['Trial', 'Backbone', 'Sharing', 'Params', 'FLOPs', 'Val acc', 'Test acc', 'Rung', 'Backend'],
        report.frontier.map((id) => byId.get(id)!).map((row) => [
          row.id, row.backbone, row.sharing, compactNumber(row.params), compactNumber(row.flops),
          percent(row.valAccuracy), percent(row.testAccuracy), String(row.rung), row.backend ?? '–',
        ]),
      ),
    );
  }
  lines.push('');

  lines.push('## Shared vs unshared, per backbone', '');
  const comparisonRows = report.backbones.flatMap((b) =>
    b.variants.length === 0
      ? [[b.backbone, b.unsharedTrial ?? 'not measured', '–', 'no shared variant measured at the same rung', '–', '–', '–', '–', '–']]
      : b.variants.map((v) => [
          b.backbone, `${v.unsharedTrial} (${compactNumber(v.unsharedParams)}, ${percent(v.unsharedValAccuracy)})`,
          v.trial, v.sharing, String(v.rung), compactNumber(v.params), ratio(v.compressionRatio),
          percent(v.valAccuracy), points(v.accuracyDelta),
        ]),
  );
  if (comparisonRows.length === 0) lines.push('No backbone measured yet.');
  else {
    lines.push(
      ...table(
        ['Backbone', 'Unshared (params, val acc)', 'Shared trial', 'Sharing', 'Rung', 'Params', 'Compression', 'Val acc', 'Accuracy change'],
        comparisonRows,
      ),
    );
  }
  lines.push('');

  lines.push('## All trials', '');
  lines.push(
    ...table(
      ['Trial', 'State', 'Frontier', 'Backbone', 'Sharing', 'Params', 'FLOPs', 'Val acc', 'Test acc', 'Rung (budget)', 'Backend', 'Seed', 'Notes'],
      report.trials.map((row) => [
        row.id, row.state, row.onFrontier ? 'yes' : '', row.backbone, row.sharing, compactNumber(row.params),
        compactNumber(row.flops), percent(row.valAccuracy), percent(row.testAccuracy),
        row.budget ? `${row.rung} (${row.budget})` : String(row.rung), row.backend ?? '–', String(row.seed), notes(row),
      ]),
    ),
  );
  lines.push('');
  return lines.join('\n');
}


function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** A table cell: pipes escaped, line breaks kept as <br>. */
function cell(text: string): string {
  return inline(text.replace(/\r?\n/g, '<br>')).replace(/\|/g, '\\|');
}

/** Backslashes escaped and line breaks flattened, so user text cannot break the Markdown structure. */
function inline(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n/g, ' ');
}
