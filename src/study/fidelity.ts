/**
 * Proxy fidelity (pure): Kendall's tau, with its 95% interval, between the accuracy of a
 * sample of architectures on the fidelity experiment's budget and their mean accuracy on the
 * study budget, and which of the architectures that matter the sample covers (the
 * baseline, the fused models, the frontier members).
 */
import type { FidelityResult, Table } from './result-types.js';
import type { TrialRow } from './data.js';
import { frontierOf } from './frontier.js';
import { kendallTauInterval } from './inference.js';
import { kendallTau, mean } from './stats.js';
import type { StudyPlan } from './units.js';
import type { Study } from './types.js';

export function fidelityOf(study: Study, plan: StudyPlan, rows: readonly TrialRow[], table: Table): FidelityResult[] {
  const byHash = new Map(table.points.filter((p) => p.accuracies.length > 0).map((p) => [p.hash, p]));
  const frontier = frontierOf(table.points);
  const fused = table.points.filter((p) => p.fused && p.accuracies.length > 0);
  return plan.units
    .filter((u) => u.kind === 'fidelity')
    .map((u): FidelityResult => {
      const trained = rows.filter((r) => r.unit === u.name && r.role === 'trial' && r.state === 'done' && byHash.has(r.hash));
      const list = trained.map((r) => ({ label: r.label, fidelity: r.valAccuracy as number, study: mean(byHash.get(r.hash)!.accuracies) }));
      const hashes = new Set(trained.map((r) => r.hash));
      const tau = kendallTau(list.map((r) => r.fidelity), list.map((r) => r.study));
      return {
        experiment: u.experiment,
        budget: trained[0]?.budget ?? null,
        rows: list,
        tau,
        interval: list.length >= 5 && Number.isFinite(tau) ? kendallTauInterval(tau, list.length) : null,
        covers: {
          baseline: table.baseline !== null && hashes.has(table.baseline.hash),
          fused: [fused.filter((p) => hashes.has(p.hash)).length, fused.length],
          frontier: [frontier.filter((p) => hashes.has(p.hash)).length, frontier.length],
        },
      };
    })
    .filter((f) => study.experiments.some((e) => e.name === f.experiment));
}
