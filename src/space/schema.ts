/**
 * The JSON Schema of search-space files (draft-07). This object is the source of truth;
 * schema/search-space.schema.json is the same schema written out for editors (a test
 * keeps the two identical: regenerate the file with
 * `npm run build && node -e "import('./dist/src/space/schema.js').then(m => process.stdout.write(m.schemaText()))" > schema/search-space.schema.json`).
 * Every `description` says what is allowed: the loader quotes it in error messages.
 */

const positiveInt = (what: string) => ({ type: 'integer', minimum: 1, description: `${what}: a positive integer` });

const choices = (what: string, example: string) => ({
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: positiveInt(`one choice of ${what}`),
  description: `choices of ${what}: a non-empty list of distinct positive integers, e.g. ${example}`,
});

const budgetProperties = {
  epochs: positiveInt('epochs of training per candidate'),
  trainSubset: positiveInt('number of training images used (a seeded subset of the training split)'),
  validationSize: positiveInt('number of training images held out for validation'),
  batchSize: positiveInt('batch size'),
  learningRate: { type: 'number', exclusiveMinimum: 0, description: 'learning rate: a positive number, e.g. 0.005' },
  schedule: { enum: ['constant', 'cosine'], description: 'learning-rate schedule: "constant" or "cosine"' },
  maxSteps: positiveInt('cap on optimizer steps per trial (overrides epochs when smaller)'),
};

export const searchSpaceSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'spin-nas search space',
  description: 'A space of weight-sharing isotropic networks (ConvMixer or ViT) to search, with its dataset, objectives and proxy training budget.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'backbone', 'dataset', 'sharing', 'objectives', 'budget'],
  properties: {
    $schema: { type: 'string', description: 'path or URL of this schema (for editors), e.g. "../schema/search-space.schema.json"' },
    name: { type: 'string', minLength: 1, description: 'name of the space: a non-empty string' },
    description: { type: 'string', description: 'free text describing the space' },
    backbone: {
      type: 'object',
      additionalProperties: false,
      required: ['family', 'width', 'depth', 'patch'],
      description: 'the isotropic backbone and its choices: family, width, depth, patch, and kernel (ConvMixer) or heads and mlpRatio (ViT)',
      properties: {
        family: { enum: ['convmixer', 'vit'], description: 'backbone family: "convmixer" or "vit"' },
        width: choices('width (channels)', '[32, 48, 64]'),
        depth: choices('depth (blocks)', '[4, 6, 8]'),
        patch: choices('patch size (must divide the image height and width)', '[2, 4]'),
        kernel: choices('ConvMixer depthwise kernel size', '[3, 5]'),
        pointwiseResidual: { type: 'boolean', description: 'ConvMixer only: also add a residual around the pointwise part (true or false; default false)' },
        heads: choices('ViT attention heads (must divide a width)', '[2, 4]'),
        mlpRatio: choices('ViT MLP expansion ratio', '[2, 4]'),
      },
    },
    dataset: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'inputShape', 'classes'],
      description: 'the dataset: name, inputShape [height, width, channels], classes',
      properties: {
        name: { type: 'string', minLength: 1, description: 'dataset name, e.g. "fashion-mnist", "mnist" or "cifar10"' },
        inputShape: {
          type: 'array',
          minItems: 3,
          maxItems: 3,
          items: positiveInt('one image dimension'),
          description: 'image shape [height, width, channels] of positive integers, e.g. [28, 28, 1]',
        },
        classes: { type: 'integer', minimum: 2, description: 'number of classes: an integer of at least 2' },
      },
    },
    sharing: {
      type: 'object',
      additionalProperties: false,
      required: ['components', 'shareRate', 'distribution', 'mapping', 'init'],
      description: 'the sharing genes: components, shareRate, distribution, mapping, init (and randomSeeds)',
      properties: {
        components: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          description: 'choices of the set of shared components: a non-empty list of lists, e.g. [[], ["pointwise"], ["depthwise", "pointwise"]] ([] shares nothing)',
          items: {
            type: 'array',
            uniqueItems: true,
            description: 'one set of shared components: a list of distinct names among "depthwise", "pointwise" (ConvMixer) or "attention", "mlp" (ViT)',
            items: {
              enum: ['depthwise', 'pointwise', 'attention', 'mlp'],
              description: 'a component: "depthwise" or "pointwise" (ConvMixer), "attention" or "mlp" (ViT)',
            },
          },
        },
        shareRate: choices('share rate (layers per weight set)', '[1, 2, 4]'),
        distribution: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          description: 'choices of layer distribution: a non-empty list of "uniform", "front", "back" or custom group sizes such as [3, 2, 1]',
          items: {
            anyOf: [
              { enum: ['uniform', 'front', 'back'], description: 'a named distribution: "uniform", "front" or "back"' },
              {
                type: 'array',
                minItems: 1,
                items: positiveInt('one group size'),
                description: 'custom group sizes: a non-empty list of positive integers that sums to an allowed depth',
              },
            ],
            description: 'a distribution: "uniform", "front", "back", or a list of positive group sizes summing to a depth, e.g. [3, 2, 1]',
          },
        },
        mapping: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: ['sequential', 'strided', 'random'], description: 'a mapping: "sequential", "strided" or "random"' },
          description: 'choices of mapping: a non-empty list of distinct "sequential", "strided", "random"',
        },
        init: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: {
            enum: ['scratch', 'mean', 'choose_first', 'scalar_weighted_mean', 'channel_weighted_mean'],
            description: 'an init: "scratch", or weight fusion "mean", "choose_first", "scalar_weighted_mean", "channel_weighted_mean"',
          },
          description: 'choices of initialisation of shared weights: a non-empty list of distinct "scratch", "mean", "choose_first", "scalar_weighted_mean", "channel_weighted_mean"',
        },
        randomSeeds: positiveInt('number of permutation seeds of the random mapping (default 3)'),
      },
    },
    constraints: {
      type: 'object',
      additionalProperties: false,
      description: 'hard limits on candidates: maxParams and/or maxFlops',
      properties: {
        maxParams: { type: 'number', exclusiveMinimum: 0, description: 'maximum deployed parameter count: a positive number' },
        maxFlops: { type: 'number', exclusiveMinimum: 0, description: 'maximum FLOPs per image: a positive number' },
      },
    },
    objectives: {
      type: 'array',
      minItems: 1,
      description: 'objectives: a non-empty list of {"metric": "accuracy" | "params" | "flops", "direction": "maximize" | "minimize"}, each metric once',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric', 'direction'],
        description: 'an objective: {"metric": "accuracy" | "params" | "flops", "direction": "maximize" | "minimize"}',
        properties: {
          metric: { enum: ['accuracy', 'params', 'flops'], description: 'metric: "accuracy", "params" or "flops"' },
          direction: { enum: ['maximize', 'minimize'], description: 'direction: "maximize" or "minimize"' },
        },
      },
    },
    budget: {
      type: 'object',
      additionalProperties: false,
      required: ['epochs', 'trainSubset', 'validationSize', 'batchSize', 'learningRate', 'schedule'],
      description: 'default proxy training budget: epochs, trainSubset, validationSize, batchSize, learningRate, schedule, optional maxSteps and rungs',
      properties: {
        ...budgetProperties,
        rungs: {
          type: 'array',
          minItems: 1,
          description: 'multi-fidelity rungs, cheapest first: a non-empty list of budget overrides, e.g. [{"trainSubset": 3000}, {"trainSubset": 12000}]',
          items: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            description: 'one rung: a non-empty object overriding budget fields (epochs, trainSubset, validationSize, batchSize, learningRate, schedule, maxSteps)',
            properties: budgetProperties,
          },
        },
      },
    },
  },
} as const;

/** The schema as the text of schema/search-space.schema.json. */
export function schemaText(): string {
  return `${JSON.stringify(searchSpaceSchema, null, 2)}\n`;
}
