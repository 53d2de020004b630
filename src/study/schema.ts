/**
 * The JSON Schema of study files (draft-07), checked with ajv before the study is read.
 * Every `description` says what is allowed: error messages quote it. Cross-references
 * (experiment names, budgetOf, from) and grid sizes are checked in parse.ts.
 */
import { budgetProperties, LIMITS } from '../space/schema.js';

/** Most experiments, seeds and grid points a study may list. */
export const STUDY_LIMITS = { experiments: 100, seeds: 100, gridPoints: 10_000, fidelityCount: 1000, searchTrials: 100_000 } as const;

const name = (what: string) => ({
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: '^[\\w.-]+$',
  description: `${what}: letters, digits, '.', '_' or '-' (at most 200 characters)`,
});

const int = (what: string, minimum: number, maximum: number) => ({
  type: 'integer',
  minimum,
  maximum,
  description: `${what}: an integer from ${minimum} to ${maximum}`,
});

const pointProperties = {
  width: int('width', 1, LIMITS.width),
  depth: int('depth', 1, LIMITS.depth),
  patch: int('patch size', 1, LIMITS.patch),
  kernel: int('ConvMixer kernel size', 1, LIMITS.kernel),
  heads: int('ViT heads', 1, LIMITS.heads),
  mlpRatio: int('ViT MLP ratio', 1, LIMITS.mlpRatio),
  components: {
    type: 'array',
    uniqueItems: true,
    items: { enum: ['depthwise', 'pointwise', 'attention', 'mlp'], description: 'a component: "depthwise", "pointwise", "attention" or "mlp"' },
    description: 'shared components: a list of distinct "depthwise", "pointwise" (ConvMixer) or "attention", "mlp" (ViT)',
  },
  shareRate: int('share rate', 1, LIMITS.shareRate),
  distribution: {
    anyOf: [
      { enum: ['uniform', 'front', 'back'], description: 'a named distribution' },
      { type: 'array', minItems: 1, maxItems: LIMITS.depth, items: int('one group size', 1, LIMITS.depth), description: 'custom group sizes' },
    ],
    description: 'a distribution: "uniform", "front", "back" or a list of group sizes, e.g. [3, 2, 1]',
  },
  mapping: { enum: ['sequential', 'strided', 'random'], description: 'a mapping: "sequential", "strided" or "random"' },
  init: {
    enum: ['scratch', 'mean', 'choose_first', 'scalar_weighted_mean', 'channel_weighted_mean'],
    description: 'an init: "scratch", "mean", "choose_first", "scalar_weighted_mean" or "channel_weighted_mean"',
  },
  mappingSeed: int('random mapping seed', 0, LIMITS.randomSeeds - 1),
};

const point = {
  type: 'object',
  additionalProperties: false,
  properties: pointProperties,
  description: 'an architecture point: width, depth, patch, kernel or heads and mlpRatio, components, shareRate, distribution, mapping, init, mappingSeed',
};

const vary = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    Object.entries(pointProperties).map(([key, schema]) => [
      key,
      { type: 'array', minItems: 1, maxItems: LIMITS.choices, items: schema, description: `values of ${key} to try: a non-empty list of at most ${LIMITS.choices}` },
    ]),
  ),
  description: 'the fields to vary: each a non-empty list of values to try',
};

const budget = {
  type: 'object',
  additionalProperties: false,
  properties: budgetProperties,
  description: 'budget overrides: epochs, trainSubset, validationSize, batchSize, learningRate, schedule, maxSteps',
};

const evaluateTest = { type: 'boolean', description: 'evaluateTest: true to evaluate every training of the experiment once on the test set (reported beside validation, never used to choose), false or absent not to' };

const text = { type: 'string', maxLength: LIMITS.text, description: `free text (at most ${LIMITS.text} characters)` };

export const studySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'spin-nas study',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'space', 'seeds', 'experiments'],
  description: 'a study: name, space, seeds, optional budget, experiments',
  properties: {
    $schema: { type: 'string', maxLength: LIMITS.text, description: 'path or URL of a schema (for editors)' },
    name: name('name of the study (it names the run folder)'),
    description: text,
    space: { type: 'string', minLength: 1, maxLength: 4096, description: 'path of the search-space file, relative to the study file' },
    seeds: {
      type: 'array',
      minItems: 1,
      maxItems: STUDY_LIMITS.seeds,
      uniqueItems: true,
      items: int('a seed', 0, 2 ** 31 - 1),
      description: `seeds: a non-empty list of at most ${STUDY_LIMITS.seeds} distinct non-negative integers, e.g. [0, 1, 2]`,
    },
    budget,
    margin: { type: 'number', minimum: 0, maximum: 100, description: 'non-inferiority margin in accuracy points: a number from 0 to 100 (default 0.5)' },
    analysis: { enum: [2, 3], description: 'analysis: 2 (default; the second edition\'s) or 3 (the pre-registered curve analysis of docs/study-v3.md)' },
    departures: {
      type: 'array',
      maxItems: 50,
      items: { type: 'string', minLength: 1, maxLength: 2000, description: 'one departure: a non-empty sentence of at most 2000 characters' },
      description: 'departures from the pre-registration: a list of at most 50 sentences, e.g. ["The convergence arm ran on 6 seeds, not 8: ..."]',
    },
    alpha: { type: 'number', minimum: 1e-9, maximum: 0.5, description: 'family-wise error rate of the findings (Holm): a number from 1e-9 to 0.5 (default 0.05)' },
    experiments: {
      type: 'array',
      minItems: 1,
      maxItems: STUDY_LIMITS.experiments,
      description: `experiments: a non-empty list (at most ${STUDY_LIMITS.experiments}) of grid, search, fidelity, equal-compute or test experiments`,
      items: {
        type: 'object',
        required: ['name', 'type'],
        discriminator: { propertyName: 'type' },
        description: 'an experiment: {"name", "type": "grid" | "search" | "fidelity" | "equal-compute" | "test", ...}',
        properties: {
          name: name('experiment name'),
          type: {
            enum: ['grid', 'search', 'fidelity', 'equal-compute', 'test'],
            description: 'experiment type: "grid" (fixed architectures), "search", "fidelity", "equal-compute" or "test"',
          },
        },
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type'],
            description: 'a grid experiment: name, type "grid", base, vary, evaluateTest',
            properties: { name: name('experiment name'), type: { const: 'grid' }, description: text, base: point, vary, evaluateTest },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type', 'budgetOf'],
            description: 'a search experiment: name, type "search", strategy, budgetOf, trials, maxCompute, budget',
            properties: {
              name: name('experiment name'),
              type: { const: 'search' },
              description: text,
              strategy: { enum: ['random', 'evolution', 'nsga2', 'motpe'], description: 'strategy: "random", "evolution", "nsga2" or "motpe" (default nsga2)' },
              budgetOf: name('name of the grid experiment whose training budget the search may spend'),
              trials: int('trainings per seed', 1, STUDY_LIMITS.searchTrials),
              maxCompute: { type: 'number', exclusiveMinimum: 0, maximum: 1e9, description: 'maxCompute: training TFLOPs each seed may spend (3 x forward FLOPs x images, fusion parents included), a number above 0 and at most 1e9' },
              budget,
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type', 'from', 'budget'],
            description: 'a fidelity experiment: name, type "fidelity", from, count, budget',
            properties: {
              name: name('experiment name'),
              type: { const: 'fidelity' },
              description: text,
              from: { type: 'array', minItems: 1, maxItems: STUDY_LIMITS.experiments, items: name('a grid experiment name'), description: 'grid experiments to sample from: a non-empty list of names' },
              count: int('architectures retrained (default: all of them)', 3, STUDY_LIMITS.fidelityCount),
              budget,
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type', 'of'],
            description: 'an equal-compute experiment: name, type "equal-compute", of, baselines, evaluateTest',
            properties: {
              name: name('experiment name'),
              type: { const: 'equal-compute' },
              description: text,
              of: { type: 'array', minItems: 1, maxItems: STUDY_LIMITS.experiments, items: name('a grid experiment name'), description: 'grid experiments whose fused points get scratch and parent controls at equal total compute' },
              baselines: { type: 'array', maxItems: STUDY_LIMITS.experiments, items: name('a grid experiment name'), description: 'grid experiments (the unshared family) also trained at that total' },
              evaluateTest,
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type', 'from'],
            description: 'a test experiment: name, type "test", from, seeds',
            properties: {
              name: name('experiment name'),
              type: { const: 'test' },
              description: text,
              from: name('the equal-compute experiment whose table picks the architectures'),
              seeds: { type: 'array', minItems: 1, maxItems: STUDY_LIMITS.seeds, uniqueItems: true, items: int('a seed', 0, 2 ** 31 - 1), description: 'study seeds to retrain with (default: the first one)' },
            },
          },
        ],
      },
    },
  },
} as const;
