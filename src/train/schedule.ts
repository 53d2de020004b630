/** Proxy-budget arithmetic: steps, learning-rate schedule, loss logging points. Pure. */
import type { ProxyBudget } from '../space/types.js';
import { UsageError } from '../errors.js';

export interface StepPlan {
  stepsPerEpoch: number;
  totalSteps: number;
  /** Steps between two loss-curve entries. */
  logEvery: number;
}

export const MAX_CURVE_POINTS = 20;

export function planSteps(budget: ProxyBudget, trainCount: number): StepPlan {
  for (const [name, v] of [['batchSize', budget.batchSize], ['epochs', budget.epochs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`budget.${name} ${v} must be a positive integer`);
  }
  if (!(budget.learningRate > 0)) throw new UsageError(`budget.learningRate ${budget.learningRate} must be positive`);
  const stepsPerEpoch = Math.ceil(trainCount / budget.batchSize);
  let totalSteps = stepsPerEpoch * budget.epochs;
  if (budget.maxSteps !== undefined) {
    if (!Number.isInteger(budget.maxSteps) || budget.maxSteps < 1) {
      throw new UsageError(`budget.maxSteps ${budget.maxSteps} must be a positive integer`);
    }
    totalSteps = Math.min(totalSteps, budget.maxSteps);
  }
  return { stepsPerEpoch, totalSteps, logEvery: Math.max(1, Math.ceil(totalSteps / MAX_CURVE_POINTS)) };
}

/** Learning rate at optimizer step `step` (0-based) of `total`. */
export function learningRateAt(budget: ProxyBudget, step: number, total: number): number {
  if (budget.schedule === 'constant') return budget.learningRate;
  return 0.5 * budget.learningRate * (1 + Math.cos((Math.PI * step) / Math.max(1, total)));
}
