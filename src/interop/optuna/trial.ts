/**
 * One spin-nas trial as one Optuna trial: state, objective values, times, gene parameters,
 * user attributes and (for a complete trial of a constrained space) constraint values. A
 * record that cannot be read gives a one-line reason instead. Pure.
 */
import { toArchSpec } from '../../arch/plan.js';
import { genomeShapeProblem } from '../../space/genes.js';
import type { SearchSpace } from '../../space/types.js';
import { trialCompute } from '../../store/compute.js';
import type { RunSnapshot, TrialRecord } from '../../store/types.js';
import type { GeneParameter } from './distributions.js';
import { CONSTRAINTS_KEY, isFinished, optunaDatetime, type OptunaState } from './journal.js';

export interface TrialView {
  state: OptunaState;
  /** Objective values in the space's objective order; null unless COMPLETE. */
  values: number[] | null;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  /** Parameter name -> Optuna internal value. */
  params: Record<string, number>;
  /** Parameter name -> `distribution_to_json` text. */
  distributions: Record<string, string>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
}

/**
 * spin-nas state -> Optuna state. A pending trial (created, waiting for a worker) is
 * WAITING, Optuna's state for a trial that exists but has not started; it has no start time.
 */
const STATES: Record<TrialRecord['state'], OptunaState> = { done: 'COMPLETE', failed: 'FAIL', running: 'RUNNING', pending: 'WAITING' };

/** The Optuna view of a trial, or why it cannot be exported. */
export function trialView(snapshot: RunSnapshot, record: TrialRecord, parameters: readonly GeneParameter[]): TrialView | string {
  const space = snapshot.space;
  if (typeof record !== 'object' || record === null) return 'not an object';
  if (typeof record.id !== 'string' || record.id === '') return 'no id';
  let state = STATES[record.state];
  if (state === undefined) return `unknown state ${JSON.stringify(record.state)}`;
  const shape = genomeShapeProblem(space, record.genome);
  if (shape !== null) return `genome ${JSON.stringify(record.genome)} does not fit the run's space: ${shape}`;
  if (!Number.isInteger(record.rung) || record.rung < 0) return `rung ${JSON.stringify(record.rung)} is not a rung number`;
  const created = time(record.createdAt);
  if (created === null) return `createdAt ${JSON.stringify(record.createdAt)} is not a time`;
  const started = time(record.startedAt) ?? created;
  const finished = time(record.finishedAt) ?? started;

  const userAttrs = userAttributes(snapshot, record);
  let values: number[] | null = null;
  if (state === 'COMPLETE') {
    const got = objectiveValues(space, record);
    if (typeof got === 'string') {
      // Optuna fails a trial whose objective is not a finite number; so does the export.
      state = 'FAIL';
      userAttrs['error'] = `finished without ${got}`;
    } else values = got;
  }
  const systemAttrs: Record<string, unknown> = {};
  const constraints = state === 'COMPLETE' ? constraintValues(space, record) : null;
  if (constraints !== null) systemAttrs[CONSTRAINTS_KEY] = constraints;

  const params: Record<string, number> = {};
  const distributions: Record<string, string> = {};
  parameters.forEach((p, i) => {
    params[p.name] = p.internal(record.genome[i]!);
    distributions[p.name] = p.json;
  });
  return {
    state,
    values,
    datetimeStart: state === 'WAITING' ? null : optunaDatetime(started),
    datetimeComplete: isFinished(state) ? optunaDatetime(finished) : null,
    params,
    distributions,
    userAttrs,
    systemAttrs,
  };
}

function time(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The objectives of a done trial, or which one is missing. */
export function objectiveValues(space: SearchSpace, record: TrialRecord): number[] | string {
  const values: number[] = [];
  for (const o of space.objectives) {
    const v = o.metric === 'accuracy' ? record.result?.valAccuracy : o.metric === 'params' ? record.cost?.params : record.cost?.flops;
    if (typeof v !== 'number' || !Number.isFinite(v)) return `a finite ${o.metric} (got ${String(v)})`;
    values.push(v);
  }
  return values;
}

/**
 * Optuna's constraint convention: one value per constraint, > 0 when violated. Here the
 * cost minus the limit, for maxParams then maxFlops (those the space sets); null without any.
 */
export function constraintValues(space: SearchSpace, record: TrialRecord): number[] | null {
  const { maxParams, maxFlops } = space.constraints ?? {};
  const out: number[] = [];
  if (maxParams !== undefined) out.push(record.cost.params - maxParams);
  if (maxFlops !== undefined) out.push(record.cost.flops - maxFlops);
  return out.length > 0 ? out : null;
}

function userAttributes(snapshot: RunSnapshot, record: TrialRecord): Record<string, unknown> {
  const budgets = Array.isArray(snapshot.config['rungs']) ? (snapshot.config['rungs'] as unknown[]) : [];
  const attrs: Record<string, unknown> = {
    trial_id: record.id,
    rung: record.rung,
    budget: budgets[record.rung],
    label: record.label,
    hash: record.hash,
    seed: record.seed,
    infeasible: record.infeasible,
    backend: record.backend ?? record.result?.backend,
    worker: record.worker,
    checkpoint: record.result?.checkpoint,
    weights_deleted: record.weightsDeleted,
    parent: fusionParent(snapshot, record),
    test_accuracy: record.result?.testAccuracy,
    error: record.error,
    ...computeAttributes(record),
  };
  for (const key of Object.keys(attrs)) if (attrs[key] === undefined) delete attrs[key];
  return attrs;
}

/** What training the trial cost (every attempt), and the fusion parent training it started. */
function computeAttributes(record: TrialRecord): Record<string, unknown> {
  const c = trialCompute(record);
  return {
    training_flops: c.flops,
    trained_images: c.images,
    trainer_seconds: c.seconds,
    trainings: c.trainings,
    parent_training_flops: record.parentCompute?.flops,
  };
}

/** The trained unshared parent a weight-fusion trial starts from (hash, label, checkpoint as far as known). */
function fusionParent(snapshot: RunSnapshot, record: TrialRecord): Record<string, unknown> | undefined {
  let arch;
  try {
    arch = toArchSpec(snapshot.space, record.genome);
  } catch {
    return undefined;
  }
  if (arch.init === 'scratch') return undefined;
  const parent = snapshot.parents?.[arch.parentHash];
  return {
    hash: arch.parentHash,
    init: arch.init,
    ...(parent?.label !== undefined ? { label: parent.label } : {}),
    ...(parent?.checkpoint !== undefined ? { checkpoint: parent.checkpoint } : {}),
  };
}
