/** From stored trials to objective vectors (raw and normalised) and strategy evaluations. */
import { normalise } from '../pareto/index.js';
import { addCharge, trialCompute } from '../store/compute.js';
import type { TrialRecord } from '../store/types.js';
import type { SearchProblem } from './problem.js';
import type { Evaluation } from './strategies/contract.js';

/** The raw objective values of a done trial, in the space's objective order. */
export function rawValues(problem: SearchProblem, record: TrialRecord): number[] {
  return problem.objectives.map((o) => {
    if (o.metric === 'accuracy') return record.result?.valAccuracy ?? 0;
    if (o.metric === 'params') return record.cost.params;
    return record.cost.flops;
  });
}

const cache = new WeakMap<TrialRecord, { result: unknown; values: number[] }>();

/** Minimised, normalised values (see pareto/normalise.ts); cached while the result is the same. */
export function normalisedValues(problem: SearchProblem, record: TrialRecord): number[] {
  const known = cache.get(record);
  if (known && known.result === record.result) return known.values;
  const values = normalise(rawValues(problem, record), problem.scales);
  cache.set(record, { result: record.result, values });
  return values;
}

export function evaluationOf(problem: SearchProblem, record: TrialRecord): Evaluation {
  const violation = typeof record.meta?.['violation'] === 'number' ? (record.meta['violation']) : record.infeasible ? 1 : 0;
  return {
    genome: record.genome,
    key: record.hash,
    values: record.state === 'done' ? normalisedValues(problem, record) : null,
    violation,
    // Its own trainings, plus the fusion parent's when this trial made the parent train.
    compute: record.parentCompute ? addCharge(trialCompute(record), record.parentCompute) : trialCompute(record),
    ...(record.meta !== undefined ? { meta: record.meta } : {}),
  };
}
