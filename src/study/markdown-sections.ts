/** Sections of the study's Markdown (pure): headline, findings, compression, search, fidelity, test. */
import type { Compression, StudyResults } from './result-types.js';
import { fmt, meanCi, pct, points, pValue, ratio } from './markdown-format.js';
import { mean } from './stats.js';

const PAPER = 'paper: 1.9x compression with better accuracy, ConvMixer on ImageNet';

export function headline(r: StudyResults): string[] {
  const out = ['## Headline', ''];
  const c = r.compression.find((x) => x.setting === 'equal total compute') ?? r.compression[0];
  if (!c || !c.baseline) return [...out, 'No unshared baseline was measured yet.'];
  out.push(`**${headlineText(c, r)}**`, '');
  for (const other of r.compression.filter((x) => x !== c)) out.push(`- At ${other.setting}: ${headlineText(other, r)}`);
  return out;
}

function headlineText(c: Compression, r: StudyResults): string {
  const base = c.baseline!;
  const m = (r.margin * 100).toFixed(1);
  const est = c.estimate;
  const interval = est.resamples > 0 ? `; bootstrap 95% interval over seeds ${ratioOrNone(est.low)} to ${ratioOrNone(est.high)} (${est.resamples} resamples, ${est.distinct} distinct seed draws; no shared model within the margin in ${(est.noMatch * 100).toFixed(0)}% of them)` : '';
  const estimate = `point estimate ${est.best ? `${ratio(est.ratio)} (${est.best})` : 'none'}${interval}`;
  const verdict = c.best
    ? `${ratio(c.ratio)} with ${c.best.label} (${fmt(c.best.params)} params, ${meanCi(c.best.accuracies, c.best.interval)}%), non-inferior within ${m} points: Holm-adjusted p = ${pValue(c.adjustedP)} (${c.adjustedP < r.alpha ? 'holds' : 'does not hold after the correction'})`
    : `no shared model smaller than the baseline was shown non-inferior within ${m} points (first test p = ${pValue(c.p)}, Holm-adjusted p = ${pValue(c.adjustedP)}: not shown after the correction)`;
  return `Compression at ${c.setting} (${PAPER}): ${verdict}; baseline ${base.label} (${fmt(base.params)} params, ${meanCi(base.accuracies, base.interval)}%); ${estimate}.`;
}

function ratioOrNone(x: number): string {
  return x === 0 ? 'none' : ratio(x);
}

export function findingsSection(r: StudyResults): string[] {
  const out = ['## Findings', ''];
  if (r.findings.length === 0) return [...out, 'No comparison was measured yet.'];
  out.push(
    `"a" is the side the claim favours. held / reversed: Welch's two-sided test, Holm-adjusted p < ${r.alpha}. ` +
      `Equivalent: both one-sided non-inferiority tests at ±${(r.margin * 100).toFixed(1)} points (TOST), Holm-adjusted. Otherwise inconclusive.`,
    '',
  );
  out.push('| topic | claim | a | b | a − b, points [95% CI] | p (Holm) | equivalence p (Holm) | verdict |', '|---|---|---|---|---|---|---|---|');
  for (const f of r.findings) {
    const isHv = f.topic === 'Search';
    const diff = isHv ? `${f.difference.toFixed(4)} [${f.low.toFixed(4)}, ${f.high.toFixed(4)}] (hypervolume)` : points(f.difference, f.low, f.high);
    out.push(`| ${f.topic} | ${f.claim} | ${f.a} | ${f.b} | ${diff} | ${pValue(f.adjustedP)} | ${pValue(f.adjustedEquivalenceP)} | **${f.verdict}** |`);
  }
  return out;
}

export function compressionSection(r: StudyResults): string[] {
  const out = ['## Compression along the frontier', ''];
  out.push(`At each unshared model's accuracy: the smallest shared model whose mean accuracy is within ${(r.margin * 100).toFixed(1)} points of it (point estimate; the p-value is its one-sided non-inferiority test, uncorrected).`, '');
  for (const c of r.compression) {
    out.push(`### ${c.setting}`, '', '| unshared model | params | accuracy % | smallest shared within the margin | params | compression | p |', '|---|---|---|---|---|---|---|');
    for (const l of c.levels) out.push(`| ${l.baseline} | ${fmt(l.baselineParams)} | ${pct(l.baselineAccuracy)} | ${l.best ?? 'none'} | ${fmt(l.bestParams)} | ${ratio(l.ratio)} | ${pValue(l.p)} |`);
    out.push('');
  }
  return out;
}

export function searchSection(r: StudyResults): string[] {
  const out: string[] = [];
  for (const s of r.searches) {
    const b = s.budget;
    out.push(`## Search: ${s.experiment} (${s.strategy})`, '');
    if (b) out.push(`Budget per training: ${b.epochs} epoch(s) on ${fmt(b.trainSubset)} images, validation ${fmt(b.validationSize)}.`);
    if (s.hypervolume) out.push(`Hypervolume over seeds: ${s.hypervolume.mean.toFixed(4)} [95% CI ${s.hypervolume.low.toFixed(4)}, ${s.hypervolume.high.toFixed(4)}].`);
    out.push('Compute per seed: training FLOPs (3 x forward FLOPs x images) of its trainings, the fusion parents they started included.');
    out.push('', '| seed | trials | trainings (with parents) | compute (training TFLOPs) | frontier size | hypervolume | best accuracy % |', '|---|---|---|---|---|---|---|');
    for (const x of s.seeds) out.push(`| ${x.seed} | ${x.trials} | ${x.trainings} | ${(x.compute / 1e12).toFixed(3)} | ${x.frontier.length} | ${x.hypervolume.toFixed(4)} | ${pct(x.bestAccuracy)} |`);
    out.push('', 'Frontier points (all seeds):', '', '| seed | architecture | params | accuracy % |', '|---|---|---|---|');
    for (const x of s.seeds) for (const p of x.frontier) out.push(`| ${x.seed} | ${p.label} | ${fmt(p.params)} | ${pct(p.accuracy)} |`);
    out.push('');
  }
  return out;
}

export function fidelitySection(r: StudyResults): string[] {
  const out: string[] = [];
  for (const f of r.fidelity) {
    out.push(`## Proxy fidelity: ${f.experiment}`, '');
    const b = f.budget;
    const tau = Number.isNaN(f.tau) ? 'n/a' : f.tau.toFixed(3);
    const ci = f.interval ? ` [95% CI ${f.interval.low.toFixed(3)}, ${f.interval.high.toFixed(3)}]` : '';
    out.push(`Kendall tau between the accuracy on the fidelity budget${b ? ` (${b.epochs} epoch(s) on ${fmt(b.trainSubset)} images, one seed)` : ''} and the mean accuracy on the study budget: **${tau}**${ci} over ${f.rows.length} architectures.`);
    out.push(`The sample holds the baseline: ${f.covers.baseline ? 'yes' : 'no'}; fused models: ${f.covers.fused[0]} of ${f.covers.fused[1]}; frontier members: ${f.covers.frontier[0]} of ${f.covers.frontier[1]}.`, '');
    out.push('| architecture | fidelity budget % | study budget % |', '|---|---|---|');
    for (const row of f.rows) out.push(`| ${row.label} | ${pct(row.fidelity)} | ${pct(row.study)} |`);
    out.push('');
  }
  return out;
}

export function testSection(r: StudyResults): string[] {
  if (r.test.length === 0) return [];
  const out = ['## Test set (used once, at the end)', ''];
  out.push('The frontier members of the equal-total-compute table and its baseline, retrained with fresh seeds on their own budgets and evaluated once on the test set.', '');
  out.push('| architecture | role | params | selection accuracy % | seed | retrained validation % | test % | images |', '|---|---|---|---|---|---|---|---|');
  for (const t of r.test) out.push(`| ${t.label} | ${t.role} | ${fmt(t.params)} | ${pct(t.selectionAccuracy)} | ${t.seed} | ${pct(t.valAccuracy)} | ${pct(t.testAccuracy)} | ${fmt(t.imagesSeen)} |`);
  const tests = r.test.map((t) => t.testAccuracy).filter((x): x is number => x !== null);
  if (tests.length > 0) out.push('', `Mean test accuracy of these trainings: ${pct(mean(tests))}%.`);
  return out;
}
