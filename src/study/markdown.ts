/**
 * The study's results as Markdown (pure, byte-stable: nothing in it depends on the machine,
 * the clock or the command line, so rebuilding from the committed data gives the same file):
 * the headline, the findings with Holm-corrected verdicts, the "equal epochs" and "equal
 * total compute" tables with effect sizes and 95% intervals, the per-experiment grids, the
 * search arms, the proxy fidelity and the test set.
 */
import type { GridResult, PointResult, StudyResults, Table } from './result-types.js';
import { welch } from './inference.js';
import { compact, fmt, meanCi, points } from './markdown-format.js';
import { compressionSection, fidelitySection, findingsSection, headline, searchSection, testSection } from './markdown-sections.js';
import { summarySection } from './markdown-summary.js';

export function renderStudyMarkdown(r: StudyResults): string {
  const out: string[] = [];
  out.push(`# Study ${r.study}`, '');
  if (!r.complete) out.push('**The study is not complete: the figures below cover the trials finished so far.**', '');
  out.push(`- Block: ${blockText(r.block)}`);
  out.push(`- Seeds: ${r.seeds.join(', ')}; budget overrides of the space's budget: \`${JSON.stringify(r.budget)}\``);
  out.push(computeLine(r));
  out.push(
    `- Statistics: accuracy is validation accuracy (held-out training images), mean over seeds with its 95% t interval; ` +
      `differences are Welch's with 95% intervals; "equivalent"/"non-inferior" use a margin of ${(r.margin * 100).toFixed(1)} points; ` +
      `every p-value of the findings and headlines is Holm-corrected as one family at alpha = ${r.alpha}.`,
    '',
  );
  out.push(...headline(r), '');
  out.push(...summarySection(r), '');
  out.push(...findingsSection(r), '');
  for (const t of r.tables) out.push(...tableSection(t), '');
  out.push(...compressionSection(r), '');
  for (const g of r.grids) out.push(...gridTable(g), '');
  out.push(...searchSection(r), ...fidelitySection(r), ...testSection(r));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function blockText(block: string): string {
  if (block === 'pointwise-residual') return "ConvMixer block with a residual around the pointwise part as well as the depthwise one (apple/ml-spin's WSConvMixerBlock; `pointwiseResidual: true`)";
  if (block === 'original') return 'the original ConvMixer block (residual around the depthwise part only)';
  return block || 'n/a';
}

function tableSection(t: Table): string[] {
  const lines = [`## ${t.setting === 'equal epochs' ? 'Equal epochs' : 'Equal total compute'}`, ''];
  lines.push(
    t.setting === 'equal epochs'
      ? 'Every architecture on the study budget; a fused model also inherited its parent\'s training (see images).'
      : 'Every training counted: fused models with their parent\'s images, scratch controls and the unshared family trained as long as parent + child.',
    '',
  );
  lines.push(`Δ is against the best unshared model of this table${t.baseline ? ` (${t.baseline.label})` : ''}, in accuracy points with its 95% Welch interval.`, '');
  lines.push('| architecture | shared | fused | params | FLOPs | images per model | accuracy % [95% CI] | Δ vs baseline | seeds |', '|---|---|---|---|---|---|---|---|---|');
  for (const p of t.points) {
    lines.push(`| ${p.label} | ${p.shared ? 'yes' : 'no'} | ${p.fused ? 'yes' : 'no'} | ${fmt(p.params)} | ${compact(p.flops)} | ${fmt(p.totalImages)} | ${meanCi(p.accuracies, p.interval)} | ${delta(p, t.baseline)} | ${p.accuracies.length} |`);
  }
  return lines;
}

function delta(p: PointResult, base: PointResult | null): string {
  if (!base || p === base) return p === base ? 'baseline' : 'n/a';
  if (p.accuracies.length < 2 || base.accuracies.length < 2) return 'n/a';
  const w = welch(p.accuracies, base.accuracies);
  return points(w.difference, w.low, w.high);
}

function gridTable(g: GridResult): string[] {
  const lines = [`## Experiment ${g.experiment} (varies ${g.varies.join(', ') || 'nothing'})`, ''];
  const ref = g.points.find((p) => p.accuracies.length > 0) ?? null;
  lines.push(`Δ is against the first point (${ref?.label ?? 'n/a'}).`, '');
  lines.push('| architecture | params | training params | images per model | accuracy % [95% CI] | Δ vs first | seeds |', '|---|---|---|---|---|---|---|');
  for (const p of g.points) {
    lines.push(`| ${p.label} | ${fmt(p.params)} | ${fmt(p.trainingParams)} | ${fmt(p.totalImages)} | ${meanCi(p.accuracies, p.interval)} | ${p === ref ? '—' : delta(p, ref)} | ${p.accuracies.length} |`);
  }
  return lines;
}

/** The compute bullet: trainings, trainer-hours, images, and which backends trained them when the data says. */
export function computeLine(r: StudyResults): string {
  const c = r.compute;
  const backends = c.backends ? `; trained by ${Object.entries(c.backends).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, n]) => `${name} (${n})`).join(', ')}` : '';
  return `- Compute: ${c.trials} trainings (${c.failed} failed), ${c.trainerHours.toFixed(2)} trainer-hours, ${c.imagesSeen.toLocaleString('en-US')} images seen${backends}`;
}
