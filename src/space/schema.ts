/**
 * The JSON Schema of search-space files (draft-07). This object is the source of truth;
 * schema/search-space.schema.json is the same schema written out for editors (a test
 * keeps the two identical: regenerate the file with
 * `npm run build && node -e "import('./dist/src/space/schema.js').then(m => process.stdout.write(m.schemaText()))" > schema/search-space.schema.json`).
 * Every `description` says what is allowed: the loader quotes it in error messages.
 */

/**
 * Upper bounds of every size a space file can state. They are far above anything trainable
 * here (and above the paper's ImageNet models) and exist so that a typo such as a depth of
 * 2000000000 gets a message instead of exhausting memory.
 */
export const LIMITS = {
  width: 4096,
  depth: 256,
  patch: 1024,
  kernel: 63,
  heads: 256,
  mlpRatio: 16,
  imageSide: 4096,
  channels: 64,
  classes: 100_000,
  shareRate: 256,
  randomSeeds: 100,
  epochs: 1000,
  images: 10_000_000,
  batchSize: 65_536,
  learningRate: 10,
  maxSteps: 100_000_000,
  cost: 1e18,
  choices: 64,
  rungs: 10,
  text: 10_000,
} as const;

const positiveInt = (what: string, maximum: number) => ({
  type: 'integer',
  minimum: 1,
  maximum,
  description: `${what}: a positive integer up to ${maximum}`,
});

const choices = (what: string, example: string, maximum: number) => ({
  type: 'array',
  minItems: 1,
  maxItems: LIMITS.choices,
  uniqueItems: true,
  items: positiveInt(`one choice of ${what}`, maximum),
  description: `choices of ${what}: a non-empty list of at most ${LIMITS.choices} distinct positive integers up to ${maximum}, e.g. ${example}`,
});

export const budgetProperties = {
  epochs: positiveInt('epochs of training per candidate', LIMITS.epochs),
  trainSubset: positiveInt('number of training images used (a seeded subset of the training split)', LIMITS.images),
  validationSize: positiveInt('number of training images held out for validation', LIMITS.images),
  batchSize: positiveInt('batch size', LIMITS.batchSize),
  learningRate: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.learningRate, description: `learning rate: a positive number up to ${LIMITS.learningRate}, e.g. 0.005` },
  schedule: { enum: ['constant', 'cosine'], description: 'learning-rate schedule: "constant" or "cosine"' },
  maxSteps: positiveInt('cap on optimizer steps per trial (overrides epochs when smaller)', LIMITS.maxSteps),
};

const dataPath = (what: string) => ({
  type: 'string',
  minLength: 1,
  maxLength: 4096,
  description: `${what}: a path, relative to the space file (or absolute)`,
});

/** Your own data (src/data/own/): where it is and how it becomes the space's inputShape. */
const datasetSource = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  description:
    'your own data instead of a built-in dataset: {"format": "image-folder", "train": "images/train"}, ' +
    '{"format": "npy", "trainImages": "x.npy", "trainLabels": "y.npy"}, {"format": "npz", "file": "data.npz"} ' +
    'or {"format": "idx", "trainImages": "...-idx3-ubyte.gz", "trainLabels": "...-idx1-ubyte.gz"}',
  properties: {
    format: {
      enum: ['image-folder', 'npy', 'npz', 'idx'],
      description: 'how the data is stored: "image-folder" (one sub-folder of PNG/JPEG images per class), "npy", "npz" or "idx"',
    },
    train: dataPath('image-folder: the folder holding one sub-folder of images per class (sorted names give labels 0, 1, ...)'),
    test: dataPath('image-folder: a test folder laid out like train (default: testFraction of train is held out)'),
    trainImages: dataPath('npy or idx: the training images, [count, height, width] or [count, height, width, channels], uint8 (0-255) or float32 (0-1)'),
    trainLabels: dataPath('npy or idx: the training labels, [count] integers from 0 to classes - 1'),
    testImages: dataPath('npy or idx: the test images (default: testFraction of the training images is held out)'),
    testLabels: dataPath('npy or idx: the test labels'),
    file: dataPath('npz: the archive, holding arrays x_train, y_train and optionally x_test, y_test (names set by keys)'),
    keys: {
      type: 'object',
      additionalProperties: false,
      description: 'npz: the array names, default {"trainImages": "x_train", "trainLabels": "y_train", "testImages": "x_test", "testLabels": "y_test"}',
      properties: {
        trainImages: { type: 'string', minLength: 1, maxLength: 200, description: 'npz: name of the training images array' },
        trainLabels: { type: 'string', minLength: 1, maxLength: 200, description: 'npz: name of the training labels array' },
        testImages: { type: 'string', minLength: 1, maxLength: 200, description: 'npz: name of the test images array' },
        testLabels: { type: 'string', minLength: 1, maxLength: 200, description: 'npz: name of the test labels array' },
      },
    },
    testFraction: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 0.5,
      description: 'without a separate test set: the fraction of the training images held out as the test set (a seeded draw per class), above 0 and at most 0.5; default 0.1',
    },
    resize: {
      enum: ['bilinear', 'nearest', 'none'],
      description: 'image-folder: how images of another size become inputShape: "bilinear" (default, stretched to height x width), "nearest", or "none" (refuse any image whose size differs)',
    },
  },
};

export const searchSpaceSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'spin-nas search space',
  description: 'A space of weight-sharing isotropic networks (ConvMixer or ViT) to search, with its dataset, objectives and proxy training budget.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'backbone', 'dataset', 'sharing', 'objectives', 'budget'],
  properties: {
    $schema: { type: 'string', maxLength: LIMITS.text, description: 'path or URL of this schema (for editors), e.g. "../schema/search-space.schema.json"' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'name of the space: a non-empty string of at most 200 characters' },
    description: { type: 'string', maxLength: LIMITS.text, description: `free text describing the space (at most ${LIMITS.text} characters)` },
    backbone: {
      type: 'object',
      additionalProperties: false,
      required: ['family', 'width', 'depth', 'patch'],
      description: 'the isotropic backbone and its choices: family, width, depth, patch, and kernel (ConvMixer) or heads and mlpRatio (ViT)',
      properties: {
        family: { enum: ['convmixer', 'vit'], description: 'backbone family: "convmixer" or "vit"' },
        width: choices('width (channels)', '[32, 48, 64]', LIMITS.width),
        depth: choices('depth (blocks)', '[4, 6, 8]', LIMITS.depth),
        patch: choices('patch size (must divide the image height and width)', '[2, 4]', LIMITS.patch),
        kernel: choices('ConvMixer depthwise kernel size', '[3, 5]', LIMITS.kernel),
        pointwiseResidual: { type: 'boolean', description: 'ConvMixer only: also add a residual around the pointwise part (true or false; default false)' },
        heads: choices('ViT attention heads (must divide a width)', '[2, 4]', LIMITS.heads),
        mlpRatio: choices('ViT MLP expansion ratio', '[2, 4]', LIMITS.mlpRatio),
      },
    },
    dataset: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'inputShape', 'classes'],
      description: 'the dataset: name, inputShape [height, width, channels], classes, and source for your own data',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200, description: 'dataset name: "fashion-mnist", "mnist" or "cifar10", or any name for your own data (with source)' },
        inputShape: {
          type: 'array',
          minItems: 3,
          maxItems: 3,
          items: [positiveInt('image height', LIMITS.imageSide), positiveInt('image width', LIMITS.imageSide), positiveInt('image channels', LIMITS.channels)],
          description: `image shape [height, width, channels] of positive integers (sides up to ${LIMITS.imageSide}, channels up to ${LIMITS.channels}), e.g. [28, 28, 1]`,
        },
        classes: { type: 'integer', minimum: 2, maximum: LIMITS.classes, description: `number of classes: an integer from 2 to ${LIMITS.classes}` },
        source: datasetSource,
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
          maxItems: LIMITS.choices,
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
        shareRate: choices('share rate (layers per weight set)', '[1, 2, 4]', LIMITS.shareRate),
        distribution: {
          type: 'array',
          minItems: 1,
          maxItems: LIMITS.choices,
          uniqueItems: true,
          description: 'choices of layer distribution: a non-empty list of "uniform", "front", "back" or custom group sizes such as [3, 2, 1]',
          items: {
            anyOf: [
              { enum: ['uniform', 'front', 'back'], description: 'a named distribution: "uniform", "front" or "back"' },
              {
                type: 'array',
                minItems: 1,
                maxItems: LIMITS.depth,
                items: positiveInt('one group size', LIMITS.depth),
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
        randomSeeds: positiveInt('number of permutation seeds of the random mapping (default 3)', LIMITS.randomSeeds),
      },
    },
    constraints: {
      type: 'object',
      additionalProperties: false,
      description: 'hard limits on candidates: maxParams and/or maxFlops',
      properties: {
        maxParams: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.cost, description: `maximum deployed parameter count: a positive number up to ${LIMITS.cost}` },
        maxFlops: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.cost, description: `maximum FLOPs per image: a positive number up to ${LIMITS.cost}` },
      },
    },
    objectives: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
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
          maxItems: LIMITS.rungs,
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
