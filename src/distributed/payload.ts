/**
 * What travels in a trial job and back: data only (architecture, budget, seeds, and the
 * Redis keys of weights), never code. Workers validate every payload against this schema
 * before training and fail a malformed job with the reason.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ArchSpec } from '../arch/types.js';
import type { ProxyBudget } from '../space/types.js';
import type { TrialWorker } from '../store/types.js';
import type { BackendName, TrainResult } from '../train/types.js';

/** Version of the job payload and result formats; workers of another one refuse the run. */
export const PROTOCOL = 1;

export interface TrialJob {
  protocol: number;
  runId: string;
  trialId: string;
  arch: ArchSpec;
  budget: ProxyBudget;
  seed: number;
  backend: BackendName;
  dataset: string;
  splitSeed?: number;
  evaluateTest?: boolean;
  /** Redis key of the fusion parent's weights. */
  parentWeights?: string;
  /** Whether the search keeps this trial's weights (the worker sends them back). */
  keepWeights: boolean;
}

export interface TrialJobResult {
  /** The trial's result; `checkpoint` is set by the search once the weights are on its disk. */
  result: TrainResult;
  worker: TrialWorker;
  /** Redis key of the trained weights, when the job asked for them. */
  weights?: string;
}

const BACKENDS = ['webgpu', 'tensorflow-gpu', 'tensorflow', 'native', 'wasm', 'cpu'];

const archSchema = {
  type: 'object',
  required: ['family', 'inputShape', 'classes', 'width', 'depth', 'patch', 'sharing', 'init', 'hash', 'parentHash', 'label'],
  properties: {
    family: { type: 'string' },
    inputShape: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 3, maxItems: 3 },
    classes: { type: 'integer', minimum: 2 },
    width: { type: 'integer', minimum: 1 },
    depth: { type: 'integer', minimum: 1 },
    patch: { type: 'integer', minimum: 1 },
    kernel: { type: 'integer', minimum: 1 },
    heads: { type: 'integer', minimum: 1 },
    mlpRatio: { type: 'number', exclusiveMinimum: 0 },
    pointwiseResidual: { type: 'boolean' },
    sharing: { type: 'object', required: ['sets'], properties: { sets: { type: 'object' } } },
    init: { type: 'string' },
    hash: { type: 'string' },
    parentHash: { type: 'string' },
    label: { type: 'string' },
  },
};

const budgetSchema = {
  type: 'object',
  required: ['epochs', 'trainSubset', 'validationSize', 'batchSize', 'learningRate', 'schedule'],
  properties: {
    epochs: { type: 'integer', minimum: 1 },
    trainSubset: { type: 'integer', minimum: 1 },
    validationSize: { type: 'integer', minimum: 0 },
    batchSize: { type: 'integer', minimum: 1 },
    learningRate: { type: 'number', exclusiveMinimum: 0 },
    schedule: { enum: ['constant', 'cosine'] },
    maxSteps: { type: 'integer', minimum: 1 },
  },
};

export const TRIAL_JOB_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['protocol', 'runId', 'trialId', 'arch', 'budget', 'seed', 'backend', 'dataset', 'keepWeights'],
  properties: {
    protocol: { const: PROTOCOL },
    runId: { type: 'string', pattern: '^[\\w.-]+$' },
    trialId: { type: 'string', pattern: '^[\\w.-]+$' },
    arch: archSchema,
    budget: budgetSchema,
    seed: { type: 'integer', minimum: 0 },
    backend: { enum: BACKENDS },
    dataset: { type: 'string', minLength: 1 },
    splitSeed: { type: 'integer', minimum: 0 },
    evaluateTest: { type: 'boolean' },
    parentWeights: { type: 'string', minLength: 1 },
    keepWeights: { type: 'boolean' },
  },
} as const;

let validator: ValidateFunction | null = null;

/** null when `data` is a valid job, otherwise the first problem ("/budget/epochs must be >= 1"). */
export function jobProblem(data: unknown): string | null {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(TRIAL_JOB_SCHEMA);
  if (validator(data)) return null;
  const e = validator.errors?.[0];
  if (!e) return 'invalid payload';
  return `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`;
}
