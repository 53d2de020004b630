/**
 * The third edition's results as Markdown (pure, byte-stable like the second's): the
 * pre-registered headline, the confirmatory family H1..H8 with raw and Holm p, the family's
 * curve, the shared models against it with their compression, the convergence gaps, then
 * the exploratory parts, each labelled so. Validation and test accuracy side by side per arm;
 * test accuracy is never averaged across different architectures.
 */
import { fmt, meanCi, pct, points, pValue } from './markdown-format.js';
import { blockText, computeLine } from './markdown.js';
import type { AnalysisV3, CompressionV3, ResidualV3, StudyResults } from './result-types.js';

/** Where the design and analysis were fixed before the first training. */
export const PREREGISTRATION = 'docs/study-v3.md (first committed in 08b69d5, amended before any training; its git log lists every change)';

export function renderStudyMarkdownV3(r: StudyResults, a: AnalysisV3): string {
  const out: string[] = [`# Study ${r.study}`, ''];
  if (!r.complete) out.push('**The study is not complete: the figures below cover the trials finished so far.**', '');
  out.push(`- Pre-registration: ${PREREGISTRATION}; the analysis below is the one it fixed (analysis 3).`);
  if (a.departures.length === 0) out.push('- Departures from the pre-registration: none (the study file\'s `departures` lists any).');
  else out.push('- Departures from the pre-registration (the study file\'s `departures`):', ...a.departures.map((d) => `  - ${d}`));
  out.push(`- Block: ${blockText(r.block)}`);
  out.push(`- Seeds: ${r.seeds.join(', ')}; budget overrides of the space's budget: \`${JSON.stringify(r.budget)}\``);
  out.push(computeLine(r));
  const pooled = a.pooled ? `${(a.pooled.sd * 100).toFixed(3)} points on ${a.pooled.df} degrees of freedom (${a.pooled.arms} arms)` : 'n/a';
  out.push(
    `- Statistics: validation accuracy (held-out training images), one pooled-variance model over every arm (pooled SD ${pooled}); ` +
      `the curve is a quadratic in ln(params) fitted to the unshared family at equal images; Holm over the ${a.confirmatory.length} confirmatory tests only, at alpha = ${a.alpha}. Everything under "Exploratory" is outside that family and has no verdict.`,
    '',
  );
  out.push('## Headline', '', `**${headlineText(a)}**`, '');
  out.push(...confirmatorySection(a), '', ...curveSection(a), '', ...sharedSection(a), '', ...convergenceSection(a), '', ...exploratorySection(r, a), '', ...armsSection(a));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** A compression ratio; 0 and Infinity: the curve does not reach the accuracy inside the family's range. */
function ratioText(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return 'beyond range';
  if (x === 0) return 'below range';
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a';
}

function compressionPhrase(c: CompressionV3, a: AnalysisV3): string {
  const low = a.curve ? fmt(Math.exp(a.curve.low)) : 'n/a';
  const high = a.curve ? fmt(Math.exp(a.curve.high)) : 'n/a';
  const range = `95% interval ${interval(c)}, parametric bootstrap over seed noise and the curve fit, ${c.resamples} resamples`;
  if (c.point === 0) return `its accuracy is below what the curve gives the family's smallest model (${low} params), so the curve implies no compression (${range})`;
  if (c.point === Number.POSITIVE_INFINITY) return `its accuracy is above what the curve gives the family's largest model (${high} params): compression beyond ${ratioText(Math.exp(a.curve!.high) / c.params)} (${range})`;
  return `the curve reaches its accuracy at an unshared model of ${fmt(c.point * c.params)} params: compression ${ratioText(c.point)} (${range})`;
}

/** A share of resamples, in percent with one decimal. */
function share(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function interval(c: CompressionV3): string {
  return `[${ratioText(c.low)}, ${ratioText(c.high)}]`;
}

function headlineText(a: AnalysisV3): string {
  const h = a.primary.headline;
  if (!h) return 'No shared model has been compared with the unshared curve yet: the headline needs both.';
  const residual = a.primary.residuals.find((x) => x.label === h.label);
  const test = a.confirmatory.find((c) => c.arms.length === 1 && c.arms[0] === h.label);
  const arm = a.arms.find((x) => x.label === h.label && x.budget === 'study');
  const where = residual ? `${points(residual.residual, residual.low, residual.high)} points against the unshared family's curve at equal images` : 'n/a against the curve';
  const verdict = test ? `${test.id}, Holm-adjusted p = ${pValue(test.adjustedP)}: ${test.verdict}` : 'not tested';
  return `${h.label} (${fmt(h.params)} params) reached ${arm ? meanCi([arm.validation], arm.interval) : 'n/a'}% validation accuracy, ${where} (${verdict}); ${compressionPhrase(h, a)}.`;
}

function confirmatorySection(a: AnalysisV3): string[] {
  const out = [`## Confirmatory tests (Holm over exactly these ${a.confirmatory.length})`, ''];
  const oneSided = a.confirmatory.filter((c) => c.sided === 1).map((c) => c.id);
  const primary = oneSided.length > 0 ? `${oneSided[0]}..${oneSided[oneSided.length - 1]}: a shared model's residual above the curve, one-sided. ` : '';
  out.push(`${primary}The rest: contrasts of arm means, two-sided. Estimates in accuracy points with 95% intervals from the pooled model.`, '');
  out.push('| test | hypothesis | estimate, points [95% CI] | sides | p | p (Holm) | verdict |', '|---|---|---|---|---|---|---|');
  for (const c of a.confirmatory) out.push(`| ${c.id} | ${c.hypothesis} | ${points(c.estimate, c.low, c.high)} | ${c.sided} | ${pValue(c.p)} | ${pValue(c.adjustedP)} | **${c.verdict}** |`);
  return out;
}

function curveSection(a: AnalysisV3): string[] {
  const out = ['## The unshared family\'s curve (equal images)', ''];
  const c = a.curve;
  if (!c) return [...out, 'Not enough unshared sizes were measured to fit the curve.'];
  const terms = c.beta.map((b, k) => `${(b * 100).toFixed(4)}${k === 0 ? '' : k === 1 ? ' u' : ` u^${k}`}`).join(' + ');
  out.push(`accuracy % = ${terms}, u = ln(params) - ${c.centre.toFixed(4)}; fitted over ${fmt(Math.exp(c.low))} to ${fmt(Math.exp(c.high))} params.`);
  const lof = c.lackOfFit;
  out.push(lof ? `Lack of fit of the family's arm means (exploratory): F = ${lof.f.toFixed(2)} on ${lof.df1} and ${lof.df2} degrees of freedom, p = ${pValue(lof.p)}.` : 'Lack of fit: not testable (no more sizes than coefficients).', '');
  out.push('| architecture | params | validation % | curve % | arm − curve, points |', '|---|---|---|---|---|');
  for (const p of c.points) out.push(`| ${p.label} | ${fmt(p.params)} | ${pct(p.mean)} | ${pct(p.fitted)} | ${points(p.mean - p.fitted)} |`);
  return out;
}

function sharedSection(a: AnalysisV3): string[] {
  const out = ['## Shared models against the curve (equal images)', ''];
  out.push('Above the curve: the residual with its 95% interval (the curve\'s own uncertainty included). Compression: the params of the unshared model the curve predicts at the shared model\'s accuracy, over its params, with the 95% parametric-bootstrap interval, and the share of resamples where the curve does not reach the shared model\'s accuracy inside the family\'s range (above its largest model / below its smallest). The straight-line curve is a sensitivity analysis (exploratory).', '');
  out.push('| architecture | params | validation % [95% CI] | test % | above the curve, points | compression [95% CI] | resamples beyond / below range | above a straight line, points |', '|---|---|---|---|---|---|---|---|');
  for (const r of a.primary.residuals) {
    const arm = a.arms.find((x) => x.label === r.label && x.budget === 'study');
    const c = a.primary.compression.find((x) => x.label === r.label);
    const line = a.primary.linearResiduals.find((x) => x.label === r.label);
    const outside = c && Number.isFinite(c.beyond) ? `${share(c.beyond)} / ${share(c.below)}` : 'n/a';
    out.push(`| ${r.label} | ${fmt(r.params)} | ${arm ? meanCi([arm.validation], arm.interval) : 'n/a'} | ${pct(arm?.test)} | ${points(r.residual, r.low, r.high)} | ${c ? `${ratioText(c.point)} ${interval(c)}` : 'n/a'} | ${outside} | ${line ? points(line.residual, line.low, line.high) : 'n/a'} |`);
  }
  return out;
}

function convergenceSection(a: AnalysisV3): string[] {
  const out = ['## Convergence: the same models on twice the budget', ''];
  if (a.convergence.gaps.length === 0) return [...out, 'No model was measured on both budgets yet.'];
  out.push('| architecture | params | study budget % | doubled budget % | gap, points [95% CI] | seeds |', '|---|---|---|---|---|---|');
  for (const g of a.convergence.gaps) out.push(`| ${g.label} | ${fmt(g.params)} | ${pct(g.study)} | ${pct(g.doubled)} | ${points(g.gap, g.low, g.high)} | ${g.seeds.join(' / ')} |`);
  out.push('', `Kendall tau between the orderings on the two budgets: ${a.convergence.tau === null ? 'n/a' : a.convergence.tau.toFixed(3)}.`);
  return out;
}

function residualRows(list: ResidualV3[]): string[] {
  return list.map((r) => `| ${r.label} | ${fmt(r.params)} | ${fmt(r.images)} | ${points(r.residual, r.low, r.high)} |`);
}

function exploratorySection(r: StudyResults, a: AnalysisV3): string[] {
  const out = ['## Exploratory (outside the confirmatory family, no verdicts)', ''];
  if (a.fusedCharged.length > 0) {
    const fusionTest = a.confirmatory.find((c) => c.hypothesis.startsWith('mean fusion'));
    const equalCompute = fusionTest ? `${fusionTest.id} is the equal-total-compute one` : 'the equal-total-compute test is not measured yet';
    out.push('### Fused models against the equal-images curve, parent charged', '', `A fused model also spent its parent's training: it saw the images below (twice a family model's), so this is not an equal-images comparison; ${equalCompute}.`, '');
    out.push('| architecture | params | images (own + parent) | above the curve, points |', '|---|---|---|---|', ...residualRows(a.fusedCharged), '');
  }
  if (a.fusedVsDoubled.length > 0) {
    out.push('### Fused models against the unshared models of the doubled budget (equal total images)', '', 'Both sides saw twice a study model\'s images: the fused model its parent\'s and its own, the unshared one on the doubled budget. Fused minus unshared, with its 95% interval in the pooled model.', '');
    out.push('| fused | params | unshared, doubled budget | params | fused − unshared, points [95% CI] |', '|---|---|---|---|---|');
    for (const d of a.fusedVsDoubled) out.push(`| ${d.fused} | ${fmt(d.fusedParams)} | ${d.unshared} | ${fmt(d.unsharedParams)} | ${points(d.difference, d.low, d.high)} |`);
    out.push('');
  }
  if (r.findings.length > 0) {
    out.push('### Share rate, Welch (uncorrected)', '', '| claim | a | b | a − b, points [95% CI] | p, uncorrected |', '|---|---|---|---|---|');
    for (const f of r.findings) out.push(`| ${f.claim} | ${f.a} | ${f.b} | ${points(f.difference, f.low, f.high)} | ${pValue(f.p)} |`);
    out.push('');
  }
  const s = a.search;
  if (s) {
    out.push('### Search at equal training compute', '', `Compute: training FLOPs (3 x forward FLOPs per image x training images), fusion parents charged. Every run is cut at ${s.cap.toExponential(3)} training FLOPs (the smallest total a run spent); hypervolume of what it had found by then.`, '');
    out.push('| search | seeds | trainings within the cap (mean) | hypervolume [95% CI] |', '|---|---|---|---|');
    for (const arm of s.arms) {
      const within = arm.seeds.reduce((n, x) => n + x.trialsWithin, 0) / Math.max(1, arm.seeds.length);
      const hv = arm.hypervolume ? `${arm.hypervolume.mean.toFixed(4)} [${arm.hypervolume.low.toFixed(4)}, ${arm.hypervolume.high.toFixed(4)}]` : 'n/a';
      out.push(`| ${arm.experiment} (${arm.strategy}) | ${arm.seeds.length} | ${within.toFixed(1)} | ${hv} |`);
    }
    if (s.differences.length > 0) out.push('');
    for (const d of s.differences) out.push(`- ${d.a} minus ${d.b}: ${d.estimate.toFixed(4)} [95% CI ${d.low.toFixed(4)}, ${d.high.toFixed(4)}] hypervolume (Welch p = ${pValue(d.p)}, uncorrected).`);
  }
  return out;
}

function armsSection(a: AnalysisV3): string[] {
  const out = ['## Every arm: validation and test side by side', ''];
  out.push('Each training evaluated the test set once, at its end; no decision read it. Test accuracy is the mean over the arm\'s own seeds, never over different architectures.', '');
  out.push('| architecture | budget | shared | fused | params | images per model | seeds | validation % [95% CI] | test % (seeds) |', '|---|---|---|---|---|---|---|---|---|');
  for (const x of a.arms) {
    out.push(`| ${x.label} | ${x.budget} | ${x.shared ? 'yes' : 'no'} | ${x.fused ? 'yes' : 'no'} | ${fmt(x.params)} | ${fmt(x.images)} | ${x.seeds} | ${meanCi([x.validation], x.interval)} | ${x.test === null ? 'n/a' : `${pct(x.test)} (${x.testSeeds})`} |`);
  }
  return out;
}
