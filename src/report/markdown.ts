/** The report as Markdown: a summary, the frontier, backbone comparisons and every trial in tables. */
import { SYNTHETIC_NOTE } from '../store/synthetic.js';
import { count } from './format.js';
import { computeInWords } from '../store/compute.js';
import { COMPARISON_NOTE, comparisonTable, computeLines, frontierNote, frontierTable, parentsTable, trialsTable, type Table } from './tables.js';
import type { Report } from './types.js';

export function renderMarkdown(report: Report): string {
  const { run, hypervolume } = report;
  const lines: string[] = [];
  lines.push(`# spin-nas report: ${inline(run.name)}`, '');
  if (run.synthetic) lines.push(`> **${SYNTHETIC_NOTE}**`, '');
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

  lines.push('## Compute', '', ...computeLines(report).map((line) => `- ${inline(line)}`), '');
  if (hypervolume.history.some((p) => p.compute !== null)) {
    lines.push(`Hypervolume over training compute: ${hypervolume.history.filter((p) => p.compute !== null).map((p) => `${computeInWords(p.compute!)}: ${p.value.toFixed(4)}`).join(', ')}`, '');
  }

  lines.push(`## Pareto frontier (${count(report.frontier.length, 'trial')})`, '', frontierNote(report), '', ...markdownTable(frontierTable(report)), '');
  for (const f of report.rungFrontiers) {
    lines.push(`## Rung ${f.rung} frontier (${inline(f.budget ?? 'budget unknown')}; cheaper, not compared with the frontier above)`, '', ...markdownTable(frontierTable(report, f.ids)), '');
  }
  lines.push('## Shared vs unshared, per backbone', '', COMPARISON_NOTE, '', ...markdownTable(comparisonTable(report)), '');
  if (report.parents.length > 0) {
    lines.push('## Fusion parents (unshared, trained once per backbone at the rung-0 budget)', '', ...markdownTable(parentsTable(report)), '');
  }
  lines.push('## All trials', '', ...markdownTable(trialsTable(report)), '');
  return lines.join('\n');
}

function markdownTable({ header, rows, empty }: Table): string[] {
  if (rows.length === 0) return [empty];
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
