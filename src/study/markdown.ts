/**
 * The study's results as Markdown (pure): tables of mean ± std over seeds, the search
 * frontiers, the proxy-fidelity rank correlation, compute totals, and a plain statement of
 * which of the paper's findings held on this proxy, with the rule used to decide it.
 */
import type { GridResult, PointResult, StudyResults } from './aggregate.js';
import { formatMeanStd, mean, std } from './stats.js';
import { compactNumber } from '../report/format.js';

export function renderStudyMarkdown(r: StudyResults, context: { command: string; wallSeconds?: number }): string {
  const out: string[] = [];
  out.push(`# Study ${r.study}`, '');
  if (!r.complete) out.push('**The study is not complete: the figures below cover the trials finished so far.**', '');
  out.push(`- Command: \`${context.command}\``);
  out.push(`- Seeds: ${r.seeds.join(', ')}; budget overrides: \`${JSON.stringify(r.budget)}\``);
  out.push(`- Compute: ${r.compute.trials} trainings (${r.compute.failed} failed), ${r.compute.trainerHours.toFixed(2)} trainer-hours, ${r.compute.imagesSeen.toLocaleString('en-US')} images seen`);
  if (context.wallSeconds !== undefined) out.push(`- Wall time of this invocation: ${(context.wallSeconds / 60).toFixed(1)} min`);
  out.push('- Accuracy is validation accuracy (a held-out part of the training set), mean ± sample std over seeds.', '');

  out.push('## Findings', '', ...findings(r), '');
  for (const g of r.grids) out.push(...gridTable(g), '');
  for (const s of r.searches) {
    out.push(`## Search: ${s.experiment}`, '');
    out.push('| seed | trials | frontier size | hypervolume | best accuracy |', '|---|---|---|---|---|');
    for (const x of s.seeds) out.push(`| ${x.seed} | ${x.trials} | ${x.frontier.length} | ${x.hypervolume.toFixed(4)} | ${x.bestAccuracy.toFixed(3)} |`);
    out.push('', 'Frontier points (all seeds):', '', '| architecture | params | FLOPs | accuracy |', '|---|---|---|---|');
    for (const x of s.seeds) for (const p of x.frontier) out.push(`| ${p.label} | ${p.params.toLocaleString('en-US')} | ${compactNumber(p.flops)} | ${p.accuracy.toFixed(3)} |`);
    out.push('');
  }
  for (const f of r.fidelity) {
    out.push(`## Proxy fidelity: ${f.experiment}`, '');
    out.push(`Kendall tau between proxy-budget accuracy (mean over seeds) and longer-budget accuracy: **${Number.isNaN(f.tau) ? 'n/a' : f.tau.toFixed(3)}** over ${f.rows.length} architectures.`, '');
    out.push('| architecture | proxy accuracy | long-budget accuracy |', '|---|---|---|');
    for (const row of f.rows) out.push(`| ${row.label} | ${row.proxy.toFixed(3)} | ${row.long.toFixed(3)} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function gridTable(g: GridResult): string[] {
  const lines = [`## ${g.experiment} (varies ${g.varies.join(', ') || 'nothing'})`, ''];
  lines.push('| architecture | shared | params | training params | FLOPs | accuracy | seeds |', '|---|---|---|---|---|---|---|');
  for (const p of g.points) {
    lines.push(`| ${p.label} | ${p.shared ? 'yes' : 'no'} | ${fmt(p.params)} | ${fmt(p.trainingParams)} | ${compactNumber(p.flops)} | ${formatMeanStd(p.accuracies)} | ${p.accuracies.length} |`);
  }
  return lines;
}

/** Verdict of "a beats b": the gap against twice its standard error. */
export function verdict(a: number[], b: number[]): { diff: number; se: number; text: string } {
  if (a.length === 0 || b.length === 0) return { diff: Number.NaN, se: Number.NaN, text: 'not measured' };
  const diff = mean(a) - mean(b);
  const se = Math.sqrt(std(a) ** 2 / a.length + std(b) ** 2 / b.length);
  const gap = `${diff >= 0 ? '+' : ''}${(diff * 100).toFixed(1)} points, 2 SE = ${(2 * se * 100).toFixed(1)}`;
  if (diff > 2 * se && diff > 0) return { diff, se, text: `held (${gap})` };
  if (diff > 0) return { diff, se, text: `same direction but within noise (${gap})` };
  if (-diff > 2 * se) return { diff, se, text: `did not hold: reversed (${gap})` };
  return { diff, se, text: `did not hold: no gain, within noise (${gap})` };
}

function findings(r: StudyResults): string[] {
  const out = ['Rule: a finding "held" when the difference of mean accuracies exceeds twice its standard error over seeds.', ''];
  const varying = (key: string): PointResult[] => r.grids.filter((g) => g.varies.includes(key)).flatMap((g) => g.points);
  const byVaried = (points: PointResult[], key: string, value: unknown): PointResult | undefined =>
    points.find((p) => JSON.stringify(p.varied[key]) === JSON.stringify(value));

  const mappings = varying('mapping');
  const seq = byVaried(mappings, 'mapping', 'sequential');
  if (seq) {
    for (const other of ['strided', 'random']) {
      const o = byVaried(mappings, 'mapping', other);
      if (o) out.push(`- **Mapping** (paper: sequential beats ${other}): ${verdict(seq.accuracies, o.accuracies).text}; sequential ${formatMeanStd(seq.accuracies)} vs ${other} ${formatMeanStd(o.accuracies)}.`);
    }
  }
  const comps = varying('components');
  const pw = byVaried(comps, 'components', ['pointwise']);
  const dw = byVaried(comps, 'components', ['depthwise']);
  if (pw && dw) {
    out.push(
      `- **Pointwise vs depthwise** (paper: share the pointwise convs, which hold the parameters): sharing pointwise saves ` +
        `${fmt(dw.params - pw.params)} more parameters than sharing depthwise (${fmt(pw.params)} vs ${fmt(dw.params)}); ` +
        `accuracy pointwise ${formatMeanStd(pw.accuracies)} vs depthwise ${formatMeanStd(dw.accuracies)}: pointwise ahead ${verdict(pw.accuracies, dw.accuracies).text}.`,
    );
  }
  const inits = varying('init');
  const scratch = byVaried(inits, 'init', 'scratch');
  if (scratch) {
    for (const p of inits.filter((x) => x !== scratch)) {
      out.push(`- **Fusion ${String(p.varied['init'])} vs scratch** (paper: fusion recovers about 1 point): ${verdict(p.accuracies, scratch.accuracies).text}; ${formatMeanStd(p.accuracies)} vs ${formatMeanStd(scratch.accuracies)}.`);
    }
  }
  const c = r.compression;
  if (c) {
    const base = `best unshared baseline ${c.baseline.label} (${fmt(c.baseline.params)} params, ${formatMeanStd(c.baseline.accuracies)})`;
    out.push(
      c.best && c.best !== c.baseline
        ? `- **Compression at equal or better accuracy** (paper: 1.9x on ImageNet): ${c.ratio.toFixed(2)}x with ${c.best.label} (${fmt(c.best.params)} params, ${formatMeanStd(c.best.accuracies)}) against the ${base}.`
        : `- **Compression at equal or better accuracy** (paper: 1.9x on ImageNet): no smaller grid architecture matched the ${base} (mean over seeds).`,
    );
    out.push(
      c.scratch && c.scratch !== c.baseline
        ? `- **At equal training compute** (no fusion: a fused model also inherits its parent's training): ${c.scratchRatio.toFixed(2)}x with ${c.scratch.label} (${fmt(c.scratch.params)} params, ${formatMeanStd(c.scratch.accuracies)}).`
        : `- **At equal training compute** (no fusion: a fused model also inherits its parent's training): no smaller architecture trained from scratch matched the baseline's mean accuracy.`,
    );
    if (c.search) out.push(`- The search found ${c.search.label} (${fmt(c.search.params)} params, accuracy ${c.search.accuracy.toFixed(3)}, one seed): ${c.search.ratio.toFixed(2)}x smaller than that baseline.`);
  }
  if (out.length === 2) out.push('- No ablation experiment was measured yet.');
  return out;
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

