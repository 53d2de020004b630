/**
 * The study's findings (pure): each paper claim as a comparison of two sets of per-seed
 * values, "a" being the side the paper favours. Every comparison is tested twice: Welch's
 * two-sided test of a difference, and an equivalence test (two one-sided non-inferiority
 * tests, TOST, at the study's margin) of "neither is worse by more than the margin". All
 * these p-values, and the compression headlines', form one family, Holm-corrected.
 */
import type { Compression, Finding, GridResult, PointResult, SearchResult, Table } from './result-types.js';
import { holm, nonInferiorityP, welch } from './inference.js';

interface Claim {
  topic: string;
  /** True when the paper favours the reference value (the first one the grid lists). */
  favoursReference: boolean;
  claim: (ref: string, other: string) => string;
  paper: string;
}

const CLAIMS: Record<string, Claim> = {
  mapping: { topic: 'Mapping', favoursReference: true, claim: (r, o) => `${r} beats ${o} (paper, ImageNet: sequential is the best mapping; strided and random lose accuracy)`, paper: 'sequential is the best mapping; strided and random lose accuracy (ConvMixer, ImageNet; no figure in the reference table)' },
  shareRate: { topic: 'Share rate', favoursReference: true, claim: (r, o) => `share rate ${r} keeps more accuracy than ${o} (paper: accuracy falls as more layers share a weight set)`, paper: 'accuracy falls as more layers share a weight set (r=2 from scratch: 74.27% vs 76.32% unshared, ConvMixer-768/32, ImageNet)' },
  components: { topic: 'Shared component', favoursReference: true, claim: (r, o) => `sharing ${r} keeps more accuracy than sharing ${o} (paper: share the pointwise convs, which hold the parameters)`, paper: 'share the pointwise convs, which hold the parameters (qualitative)' },
  init: { topic: 'Fusion, equal epochs', favoursReference: false, claim: (r, o) => `${o} fusion beats ${r} (paper: +0.94 points, 75.21% vs 74.27%, ConvMixer-768/32 r=2 on ImageNet)`, paper: '+0.94 points (mean fusion 75.21% vs scratch 74.27%, ConvMixer-768/32 r=2, ImageNet)' },
};

export interface FindingInputs {
  grids: GridResult[];
  tables: Table[];
  searches: SearchResult[];
  compression: Compression[];
  margin: number;
  alpha: number;
}

/**
 * `exploratory` (the third edition's use): only the grid claims of `keys`, Welch alone (no
 * equivalence test), no Holm correction and no verdict: these comparisons are outside its
 * confirmatory family (docs/study-v3.md).
 */
export interface FindingOptions {
  exploratory: boolean;
  keys: string[];
}

export function findingsOf(input: FindingInputs, options?: FindingOptions): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const push = (f: Omit<Finding, 'adjustedP' | 'adjustedEquivalenceP' | 'verdict' | 'difference' | 'low' | 'high' | 'p' | 'equivalenceP'>, a: number[], b: number[]): void => {
    const key = `${f.topic}|${f.a}|${f.b}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...f, ...compare(a, b, input.margin), adjustedP: Number.NaN, adjustedEquivalenceP: Number.NaN, verdict: '' });
  };
  for (const g of input.grids) {
    for (const key of g.varies.filter((k) => k in CLAIMS && (!options || options.keys.includes(k)))) {
      const claim = CLAIMS[key]!;
      for (const group of groupsWithout(g, key)) {
        const [ref, ...others] = group;
        for (const other of others) {
          const [a, b] = claim.favoursReference ? [ref!, other] : [other, ref!];
          push({ topic: claim.topic, claim: claim.claim(show(ref!.varied[key]), show(other.varied[key])), paper: claim.paper, a: a.label, b: b.label }, a.accuracies, b.accuracies);
        }
      }
    }
  }
  if (options?.exploratory) {
    for (const f of out) Object.assign(f, { equivalenceP: Number.NaN, verdict: 'exploratory (uncorrected, no verdict)' });
    return out;
  }
  const equal = input.tables.find((t) => t.setting === 'equal total compute');
  if (equal) {
    for (const f of equal.points.filter((p) => p.fused)) {
      const twin = equal.points.find((q) => q.hash === f.scratchTwin);
      if (twin) push({ topic: 'Fusion, equal total compute', claim: 'fusion beats scratch when scratch trains as long as parent + child (paper compares at equal epochs: +0.94 points)', paper: 'not measured: the paper compares at equal epochs (+0.94 points)', a: f.label, b: twin.label }, f.accuracies, twin.accuracies);
    }
  }
  const [first, second] = input.searches;
  if (first && second) {
    const [a, b] = first.strategy === 'random' ? [second, first] : [first, second];
    push({ topic: 'Search', claim: `${a.strategy} reaches a larger hypervolume than ${b.strategy} with the same search budget (each arm's compute per seed is in its section; this project's claim; the paper does not search)`, paper: 'none: the paper does not search', a: `${a.experiment} hypervolume`, b: `${b.experiment} hypervolume` }, a.seeds.map((s) => s.hypervolume), b.seeds.map((s) => s.hypervolume));
  }
  correct(out, input.compression);
  for (const f of out) f.verdict = verdictOf(f, input.margin, input.alpha);
  return out;
}

function compare(a: number[], b: number[], margin: number): Pick<Finding, 'difference' | 'low' | 'high' | 'p' | 'equivalenceP'> {
  if (a.length < 2 || b.length < 2) return { difference: Number.NaN, low: Number.NaN, high: Number.NaN, p: Number.NaN, equivalenceP: Number.NaN };
  const w = welch(a, b);
  return { difference: w.difference, low: w.low, high: w.high, p: w.p, equivalenceP: Math.max(nonInferiorityP(a, b, margin), nonInferiorityP(b, a, margin)) };
}

/** Holm over every finding's two p-values and the compression headlines' p-values. */
function correct(findings: Finding[], compression: Compression[]): void {
  const slots: { p: number; set: (v: number) => void }[] = [];
  for (const f of findings) {
    slots.push({ p: f.p, set: (v) => (f.adjustedP = v) });
    slots.push({ p: f.equivalenceP, set: (v) => (f.adjustedEquivalenceP = v) });
  }
  for (const c of compression) slots.push({ p: c.p, set: (v) => (c.adjustedP = v) });
  const tested = slots.filter((s) => Number.isFinite(s.p));
  holm(tested.map((s) => s.p)).forEach((v, i) => tested[i]!.set(v));
}

function verdictOf(f: Finding, margin: number, alpha: number): string {
  if (!Number.isFinite(f.p)) return 'not measured (needs two seeds on each side)';
  if (f.adjustedP < alpha) return f.difference > 0 ? 'held' : 'reversed';
  if (f.adjustedEquivalenceP < alpha) return `no difference: equivalent within ±${(margin * 100).toFixed(1)} points`;
  return 'inconclusive';
}

/** Points of a grid grouped by their other varied values, each group in grid order. */
export function groupsWithout(g: GridResult, key: string): PointResult[][] {
  const groups = new Map<string, PointResult[]>();
  for (const p of g.points) {
    const rest = JSON.stringify(Object.entries(p.varied).filter(([k]) => k !== key));
    groups.set(rest, [...(groups.get(rest) ?? []), p]);
  }
  return [...groups.values()].filter((list) => list.length > 1);
}

function show(value: unknown): string {
  return Array.isArray(value) ? value.join('+') : String(value);
}
