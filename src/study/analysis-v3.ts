/**
 * The third edition's pre-registered analysis (pure; docs/study-v3.md): one pooled-variance
 * model over every arm; the unshared family's accuracy-vs-ln(params) curve (quadratic) at
 * equal images; H1..Hk, each shared scratch model above the curve (one-sided); the secondary
 * contrasts (fusion vs scratch at equal total compute, sequential vs strided, pointwise vs
 * depthwise+pointwise; two-sided); Holm over exactly these; the compression each shared model
 * implies, with a parametric bootstrap; the convergence gaps. Everything else is exploratory.
 */
import type { TrialRow } from './data.js';
import { compressionV3 } from './compression-v3.js';
import { fitCurve, predict, predictionFactor, type Curve } from './curve.js';
import { groupsWithout } from './findings.js';
import { holm, incompleteBeta } from './inference.js';
import { meanInterval } from './intervals.js';
import { contrast, pooledOf, tTest, type Pooled } from './pooled.js';
import type { AnalysisV3, ArmV3, ConfirmatoryTest, CurveV3, FusedVsUnshared, GridResult, PointResult, ResidualV3 } from './result-types.js';
import { searchAtCompute } from './search-compute.js';
import { kendallTau, mean } from './stats.js';
import type { SearchSpace } from '../space/types.js';
import type { StudyPlan } from './units.js';
import type { Study } from './types.js';

/** The pre-registered curve: quadratic in ln(params). */
export const CURVE_DEGREE = 2;

export interface V3Inputs {
  study: Study;
  space: SearchSpace;
  plan: StudyPlan;
  rows: readonly TrialRow[];
  /** The equal-images grids (study budget) and the convergence grids (doubled budget). */
  grids: GridResult[];
  controls: Set<string>;
  alpha: number;
}

export function analysisV3(input: V3Inputs): AnalysisV3 {
  const studyGrids = input.grids.filter((g) => !input.controls.has(g.experiment));
  const study = unique(studyGrids.flatMap((g) => g.points)).filter(measured);
  const doubled = unique(input.grids.filter((g) => input.controls.has(g.experiment)).flatMap((g) => g.points)).filter((p) => measured(p) && !p.fused);
  const arms = [...study.map((p) => armOf(p, 'study')), ...doubled.map((p) => armOf(p, 'doubled'))];
  const pooled = pooledOf([...study, ...doubled].map((p) => p.accuracies));
  const family = study.filter((p) => !p.shared);
  const primaryArms = study.filter((p) => p.shared && !p.fused);
  const curve = fitOn(family, CURVE_DEGREE);
  const linear = fitOn(family, 1);
  const residuals = curve && pooled ? primaryArms.map((p) => residualOf(p, curve, pooled)) : [];
  const compression = curve && pooled ? primaryArms.map((p) => compressionV3(p, family, pooled, CURVE_DEGREE)) : [];
  const smallest = primaryArms.reduce<PointResult | null>((a, b) => (a === null || b.params < a.params ? b : a), null);

  const confirmatory: ConfirmatoryTest[] = residuals.map((r, i) => ({
    id: `H${i + 1}`,
    hypothesis: `${r.label} lies above the unshared family's curve at equal images`,
    arms: [r.label],
    estimate: r.residual,
    low: r.low,
    high: r.high,
    sided: 1,
    p: r.p,
    adjustedP: Number.NaN,
    verdict: '',
  }));
  if (pooled) confirmatory.push(...secondary(studyGrids, study, doubled, pooled, confirmatory.length));
  const finite = confirmatory.filter((c) => Number.isFinite(c.p));
  holm(finite.map((c) => c.p)).forEach((v, i) => (finite[i]!.adjustedP = v));
  for (const c of confirmatory) c.verdict = verdictOf(c, input.alpha);

  return {
    analysis: 3,
    departures: input.study.departures ?? [],
    pooled,
    arms,
    seedsPerArm: Object.fromEntries(arms.map((a) => [`${a.label} @ ${a.budget}`, a.seeds])),
    curve: curve ? curveResult(curve, family, pooled) : null,
    linearCurve: linear ? curveResult(linear, family, pooled) : null,
    primary: {
      headline: compression.find((c) => c.label === smallest?.label) ?? null,
      residuals,
      linearResiduals: linear && pooled ? primaryArms.map((p) => residualOf(p, linear, pooled)) : [],
      compression,
    },
    confirmatory,
    alpha: input.alpha,
    convergence: convergenceOf(study, doubled, pooled),
    fusedCharged: curve && pooled ? study.filter((p) => p.fused).map((p) => residualOf(p, curve, pooled)) : [],
    fusedVsDoubled: pooled ? fusedVsDoubled(study, doubled, pooled) : [],
    search: searchAtCompute(input.study, input.space, input.plan, input.rows),
  };
}

function measured(p: PointResult): boolean {
  return p.accuracies.length > 0;
}

function unique(points: PointResult[]): PointResult[] {
  const seen = new Set<string>();
  return points.filter((p) => (seen.has(p.hash) ? false : (seen.add(p.hash), true)));
}

function armOf(p: PointResult, budget: ArmV3['budget']): ArmV3 {
  const tests = p.testAccuracies ?? [];
  return {
    label: p.label,
    hash: p.hash,
    params: p.params,
    budget,
    shared: p.shared,
    fused: p.fused,
    images: p.totalImages,
    seeds: p.accuracies.length,
    validation: mean(p.accuracies),
    interval: meanInterval(p.accuracies),
    test: tests.length > 0 ? mean(tests) : null,
    testSeeds: tests.length,
  };
}

function fitOn(family: PointResult[], degree: number): Curve | null {
  return fitCurve(family.map((p) => ({ x: Math.log(p.params), mean: mean(p.accuracies), n: p.accuracies.length })), degree);
}

export function residualOf(p: PointResult, curve: Curve, pooled: Pooled): ResidualV3 {
  const x = Math.log(p.params);
  const t = tTest(mean(p.accuracies) - predict(curve, x), 1 / p.accuracies.length + predictionFactor(curve, x), pooled, 1);
  return { label: p.label, params: p.params, images: p.totalImages, residual: t.estimate, low: t.low, high: t.high, p: t.p };
}

function curveResult(curve: Curve, family: PointResult[], pooled: Pooled | null): CurveV3 {
  const points = family
    .map((p) => ({ label: p.label, params: p.params, mean: mean(p.accuracies), fitted: predict(curve, Math.log(p.params)), n: p.accuracies.length }))
    .sort((a, b) => a.params - b.params);
  const df1 = new Set(points.map((p) => p.params)).size - (curve.degree + 1);
  let lackOfFit: CurveV3['lackOfFit'] = null;
  if (pooled && df1 > 0 && pooled.sd > 0) {
    const ss = points.reduce((s, p) => s + p.n * (p.mean - p.fitted) ** 2, 0);
    const f = ss / df1 / pooled.sd ** 2;
    lackOfFit = { f, df1, df2: pooled.df, p: 1 - incompleteBeta((df1 * f) / (df1 * f + pooled.df), df1 / 2, pooled.df / 2) };
  }
  return { degree: curve.degree, centre: curve.centre, beta: curve.beta, low: curve.low, high: curve.high, lackOfFit, points: points.map(({ n: _n, ...rest }) => rest) };
}

/**
 * H(k+1) fusion vs scratch at equal total compute (mean over the fused models of fused minus
 * its scratch twin on the doubled budget), then sequential vs strided and pointwise vs
 * depthwise+pointwise (mean over the grids' pairs that differ in that field only).
 */
function secondary(grids: GridResult[], study: PointResult[], doubled: PointResult[], pooled: Pooled, offset: number): ConfirmatoryTest[] {
  const out: ConfirmatoryTest[] = [];
  const add = (hypothesis: string, pairs: [PointResult, PointResult][]): void => {
    if (pairs.length === 0) return;
    const w = 1 / pairs.length;
    const t = contrast(pairs.flatMap(([a, b]) => [{ values: a.accuracies, weight: w }, { values: b.accuracies, weight: -w }]), pooled, 2);
    out.push({ id: `H${offset + out.length + 1}`, hypothesis, arms: pairs.flatMap(([a, b]) => [a.label, b.label]), estimate: t.estimate, low: t.low, high: t.high, sided: 2, p: t.p, adjustedP: Number.NaN, verdict: '' });
  };
  const fusion = study.filter((p) => p.fused).flatMap((f): [PointResult, PointResult][] => {
    const twin = doubled.find((q) => q.hash === f.scratchTwin);
    return twin ? [[f, twin]] : [];
  });
  add('mean fusion beats scratch at equal total compute (the parent charged; scratch trained as long as parent + child)', fusion);
  add('the sequential mapping and the strided one differ (paper: sequential is best)', pairsOf(grids, 'mapping', study));
  add('sharing the pointwise convolutions and sharing depthwise + pointwise differ (paper: share the pointwise ones)', pairsOf(grids, 'components', study));
  return out;
}

/** (first value, other value) pairs of the grids that vary `key`, among measured scratch points. */
function pairsOf(grids: GridResult[], key: string, study: PointResult[]): [PointResult, PointResult][] {
  const ok = new Set(study.filter((p) => !p.fused).map((p) => p.hash));
  const seen = new Set<string>();
  const pairs: [PointResult, PointResult][] = [];
  for (const g of grids.filter((x) => x.varies.includes(key))) {
    for (const [ref, ...others] of groupsWithout(g, key)) {
      for (const other of others) {
        const id = `${ref!.hash}|${other.hash}`;
        if (!ok.has(ref!.hash) || !ok.has(other.hash) || seen.has(id)) continue;
        seen.add(id);
        pairs.push([study.find((p) => p.hash === ref!.hash)!, study.find((p) => p.hash === other.hash)!]);
      }
    }
  }
  return pairs;
}

/** Each fused model against each unshared model of the doubled budget: both saw parent + child's images. */
function fusedVsDoubled(study: PointResult[], doubled: PointResult[], pooled: Pooled): FusedVsUnshared[] {
  const unshared = doubled.filter((p) => !p.shared).sort((a, b) => a.params - b.params);
  return study
    .filter((p) => p.fused)
    .flatMap((f) =>
      unshared.map((u) => {
        const t = contrast([{ values: f.accuracies, weight: 1 }, { values: u.accuracies, weight: -1 }], pooled, 2);
        return { fused: f.label, fusedParams: f.params, unshared: u.label, unsharedParams: u.params, difference: t.estimate, low: t.low, high: t.high };
      }),
    );
}

function verdictOf(c: ConfirmatoryTest, alpha: number): string {
  if (!Number.isFinite(c.p)) return 'not measured';
  if (c.sided === 1) return c.adjustedP < alpha ? 'above the curve' : 'not shown above the curve';
  if (c.adjustedP < alpha) return c.estimate > 0 ? 'held' : 'reversed';
  return 'no difference shown';
}

function convergenceOf(study: PointResult[], doubled: PointResult[], pooled: Pooled | null): AnalysisV3['convergence'] {
  const pairs = doubled.flatMap((d) => {
    const s = study.find((p) => p.hash === d.hash);
    return s ? [[s, d] as const] : [];
  });
  const gaps = pooled
    ? pairs.map(([s, d]) => {
        const t = contrast([{ values: d.accuracies, weight: 1 }, { values: s.accuracies, weight: -1 }], pooled, 2);
        return { label: s.label, params: s.params, study: mean(s.accuracies), doubled: mean(d.accuracies), gap: t.estimate, low: t.low, high: t.high, seeds: [s.accuracies.length, d.accuracies.length] as [number, number] };
      })
    : [];
  const tau = pairs.length >= 2 ? kendallTau(pairs.map(([s]) => mean(s.accuracies)), pairs.map(([, d]) => mean(d.accuracies))) : Number.NaN;
  return { gaps, tau: Number.isFinite(tau) ? tau : null };
}
