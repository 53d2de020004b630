/**
 * The test set, used once at the end (pure): the frontier members of the "equal total
 * compute" table and its best unshared baseline are retrained with fresh seeds, each on its
 * own budget (scratch models on the doubled budget, fused models on the study budget after
 * their parent), and evaluated on the test set. No decision of the study reads it.
 */
import type { PointResult, Table, TestResult } from './result-types.js';
import type { TrialRow } from './data.js';
import { frontierOf } from './frontier.js';
import { mean } from './stats.js';
import type { StudyPlan, StudyUnit } from './units.js';

/** The points the test retrains: the frontier and the baseline, by parameters. */
export function testPicks(table: Table | null): PointResult[] {
  if (!table || table.baseline === null) return [];
  const picks = frontierOf(table.points);
  if (!picks.includes(table.baseline)) picks.push(table.baseline);
  return picks.sort((a, b) => a.params - b.params);
}

/** The plan's units with the test units' genomes filled from the table (the rest as planned). */
export function testUnitsResolved(plan: StudyPlan, table: Table | null): StudyUnit[] {
  const genomes = new Map([...plan.grids.values()].flat().map((a) => [a.hash, a.genome]));
  const picks = testPicks(table);
  return plan.units.map((u) => {
    if (u.kind !== 'test') return u;
    const mine = picks.filter((p) => (u.pick === 'fused') === p.fused && genomes.has(p.hash));
    return { ...u, genomes: mine.map((p) => genomes.get(p.hash)!), trials: mine.length };
  });
}

export function testResultsOf(plan: StudyPlan, rows: readonly TrialRow[], table: Table | null): TestResult[] {
  const picks = new Map(testPicks(table).map((p) => [p.hash, p]));
  const units = new Set(plan.units.filter((u) => u.kind === 'test').map((u) => u.name));
  return rows
    .filter((r) => units.has(r.unit) && r.role === 'trial' && picks.has(r.hash))
    .map((r): TestResult => {
      const p = picks.get(r.hash)!;
      const isBaseline = table?.baseline?.hash === r.hash;
      const onFrontier = frontierOf(table!.points).some((q) => q.hash === r.hash);
      return {
        label: r.label,
        params: r.params,
        role: isBaseline && onFrontier ? 'baseline, frontier' : isBaseline ? 'baseline' : 'frontier',
        selectionAccuracy: mean(p.accuracies),
        seed: r.seed,
        valAccuracy: r.valAccuracy,
        testAccuracy: r.state === 'done' ? (r.testAccuracy ?? null) : null,
        imagesSeen: r.imagesSeen + (r.parentImagesSeen ?? 0),
      };
    })
    .sort((a, b) => a.params - b.params || a.seed - b.seed);
}
