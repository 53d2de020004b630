/**
 * "What held, and what did not" (pure): every finding sorted by its Holm-corrected verdict,
 * each with our figure beside the paper's, the compression headlines, and how far the
 * unshared baselines converged. Generated from the data like the rest of the page, so a
 * rebuild from the committed data reproduces the prose too.
 */
import type { Compression, Finding, StudyResults, Table } from './result-types.js';
import { fmt, meanCi, pct, points, pValue, ratio } from './markdown-format.js';
import { mean } from './stats.js';

const PAPER_COMPRESSION = 'paper: 1.9x compression with better accuracy (ConvMixer, ImageNet); r=2 sharing from scratch alone lost 2.05 points at 1.84x fewer parameters (74.27% vs 76.32%, 43 vs 79 MB)';

const GROUPS: { title: string; test: (f: Finding) => boolean }[] = [
  { title: 'Held (the claimed side is better, Holm-adjusted)', test: (f) => f.verdict === 'held' },
  { title: 'Reversed (the other side is better, Holm-adjusted)', test: (f) => f.verdict === 'reversed' },
  { title: 'No difference (equivalent within the margin, Holm-adjusted)', test: (f) => f.verdict.startsWith('no difference') },
  { title: 'Inconclusive (neither a difference nor equivalence shown)', test: (f) => f.verdict === 'inconclusive' },
  { title: 'Not measured', test: (f) => f.verdict.startsWith('not measured') },
];

export function summarySection(r: StudyResults): string[] {
  const out = ['## What held, and what did not', ''];
  out.push(...convergence(r), '');
  for (const c of r.compression) out.push(`- **Compression at ${c.setting}**: ${compressionText(c, r)} (${PAPER_COMPRESSION}).`);
  if (r.compression.length > 0) out.push('');
  for (const g of GROUPS) {
    const list = r.findings.filter(g.test);
    if (list.length === 0) continue;
    out.push(`### ${g.title}: ${list.length}`, '');
    for (const f of list) out.push(`- ${findingLine(f)}`);
    out.push('');
  }
  return out;
}

function convergence(r: StudyResults): string[] {
  const line = (t: Table): string => {
    const b = t.baseline;
    if (!b) return `at ${t.setting}: none measured`;
    return `at ${t.setting}, ${b.label} with ${meanCi(b.accuracies, b.interval)}% (${fmt(b.totalImages)} images per model)`;
  };
  const best = r.tables.map(line).join('; ');
  const c = r.compute;
  return [
    `- Best unshared baseline (validation accuracy, mean over seeds [95% CI]): ${best || 'none measured'}.`,
    `- Compute spent: ${c.trials} trainings (${c.failed} failed), ${c.trainerHours.toFixed(2)} trainer-hours, ${c.imagesSeen.toLocaleString('en-US')} training images.`,
  ];
}

function compressionText(c: Compression, r: StudyResults): string {
  if (!c.baseline) return 'no baseline measured';
  const m = (r.margin * 100).toFixed(1);
  if (!c.best) return `no shared model smaller than ${c.baseline.label} was shown non-inferior within ${m} points (Holm-adjusted p = ${pValue(c.adjustedP)})`;
  const verdict = c.adjustedP < r.alpha ? 'holds after the Holm correction' : 'does not hold after the Holm correction';
  return `${ratio(c.ratio)} fewer parameters with ${c.best.label} (${pct(mean(c.best.accuracies))}% vs ${pct(mean(c.baseline.accuracies))}%), non-inferior within ${m} points, Holm p = ${pValue(c.adjustedP)}: ${verdict}`;
}

function findingLine(f: Finding): string {
  const ours = f.topic === 'Search' ? `${f.difference.toFixed(4)} [${f.low.toFixed(4)}, ${f.high.toFixed(4)}] hypervolume` : `${points(f.difference, f.low, f.high)} points`;
  return `**${f.topic}**: ${f.a} vs ${f.b}: ${ours}, Holm p = ${pValue(f.adjustedP)}, equivalence p = ${pValue(f.adjustedEquivalenceP)}. Paper: ${f.paper}.`;
}
