/**
 * JSON Schema (draft-07) of the `--format json` report, schemaVersion 3: the documented
 * contract for tools that read reports. Every field is required (unknowns are null) and no
 * other field may appear, so a change of shape fails the tests until the version is raised.
 */
import { REPORT_SCHEMA_VERSION } from './types.js';

const nullableNumber = { type: ['number', 'null'] };
const nullableString = { type: ['string', 'null'] };
const states = { enum: ['pending', 'running', 'done', 'failed'] };

function object(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties), properties };
}

const trialRow = object({
  id: { type: 'string' },
  number: { type: 'integer' },
  hash: { type: 'string' },
  parentHash: nullableString,
  label: { type: 'string' },
  backbone: { type: 'string' },
  sharing: { type: 'string' },
  shared: { type: 'boolean' },
  init: nullableString,
  rung: { type: 'integer', minimum: 0 },
  budget: nullableString,
  state: states,
  seed: { type: 'integer' },
  backend: nullableString,
  worker: nullableString,
  params: { type: 'number' },
  trainingParams: { type: 'number' },
  flops: { type: 'number' },
  valAccuracy: nullableNumber,
  valLoss: nullableNumber,
  testAccuracy: nullableNumber,
  wallSeconds: nullableNumber,
  imagesPerSecond: nullableNumber,
  infeasible: { type: 'boolean' },
  onFrontier: { type: 'boolean' },
  checkpoint: nullableString,
  error: nullableString,
  synthetic: { type: 'boolean' },
  trainingFlops: { type: 'number' },
  trainedImages: { type: 'number' },
  trainerSeconds: { type: 'number' },
  trainings: { type: 'integer', minimum: 0 },
  parentTrainingFlops: nullableNumber,
});

const figures = {
  images: { type: 'number' },
  flops: { type: 'number' },
  seconds: { type: 'number' },
  trainings: { type: 'integer', minimum: 0 },
  estimated: { type: 'integer', minimum: 0 },
};

const variant = object({
  trial: { type: 'string' },
  sharing: { type: 'string' },
  rung: { type: 'integer' },
  params: { type: 'number' },
  valAccuracy: { type: 'number' },
  unsharedTrial: { type: 'string' },
  unsharedParams: { type: 'number' },
  unsharedValAccuracy: { type: 'number' },
  compressionRatio: nullableNumber,
  accuracyDelta: { type: 'number' },
});

export const reportJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'spin-nas report',
  ...object({
    schemaVersion: { const: REPORT_SCHEMA_VERSION },
    run: object({
      name: { type: 'string' },
      dir: { type: 'string' },
      space: { type: 'string' },
      dataset: { type: 'string' },
      objectives: { type: 'array', items: { type: 'string' } },
      strategy: nullableString,
      counts: object(Object.fromEntries(['pending', 'running', 'done', 'failed', 'total', 'infeasible'].map((k) => [k, { type: 'integer', minimum: 0 }]))),
      inProgress: { type: 'boolean' },
      synthetic: { type: 'boolean' },
    }),
    hypervolume: object({
      value: { type: 'number' },
      reference: { type: 'array', items: { type: 'number' } },
      normalisation: { type: 'string' },
      history: { type: 'array', items: object({ trials: { type: 'integer' }, value: { type: 'number' }, rung: { type: ['integer', 'null'] }, compute: nullableNumber }) },
    }),
    frontier: { type: 'array', items: { type: 'string' } },
    frontierRung: { type: ['integer', 'null'], minimum: 0 },
    frontierBudget: nullableString,
    rungFrontiers: { type: 'array', items: object({ rung: { type: 'integer', minimum: 0 }, budget: nullableString, ids: { type: 'array', items: { type: 'string' } } }) },
    trials: { type: 'array', items: trialRow },
    backbones: {
      type: 'array',
      items: object({
        parentHash: { type: 'string' },
        backbone: { type: 'string' },
        unsharedTrial: nullableString,
        unsharedParams: nullableNumber,
        unsharedValAccuracy: nullableNumber,
        variants: { type: 'array', items: variant },
      }),
    },
    parents: {
      type: 'array',
      items: object({
        id: { type: 'string' },
        hash: { type: 'string' },
        label: { type: 'string' },
        backbone: { type: 'string' },
        params: { type: 'number' },
        flops: { type: 'number' },
        valAccuracy: { type: 'number' },
        trainingFlops: { type: 'number' },
        trainedImages: { type: 'number' },
        trainerSeconds: { type: 'number' },
      }),
    },
    compute: object({
      total: object(figures),
      trials: object(figures),
      parents: object(figures),
      rungs: { type: 'array', items: object({ rung: { type: 'integer', minimum: 0 }, ...figures }) },
      budget: nullableNumber,
    }),
  }),
} as const;
