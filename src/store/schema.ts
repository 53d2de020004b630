/**
 * The JSON Schema of run.json, checked with ajv whenever a run is read: a file edited by
 * hand (or damaged) is refused with the field that is wrong, and left as it is. It states
 * what the code relies on and allows extra fields, so that runs written by older and newer
 * versions of the same format stay readable.
 */
const num = { type: 'number', description: 'a number' };
const int0 = { type: 'integer', minimum: 0, description: 'a non-negative integer' };
const str = { type: 'string', description: 'a string' };
const obj = (required: string[], properties: Record<string, unknown>, description: string) => ({
  type: 'object',
  required,
  // ajv's strict mode wants every required key declared; {} accepts any value.
  properties: { ...Object.fromEntries(required.map((k) => [k, {}])), ...properties },
  description,
});

const result = obj(
  ['valAccuracy', 'valLoss', 'lossCurve', 'wallSeconds', 'imagesPerSecond', 'imagesSeen', 'backend', 'trainableParams'],
  {
    trialId: str,
    valAccuracy: { type: 'number', minimum: 0, maximum: 1, description: 'validation accuracy: a number from 0 to 1' },
    valLoss: num,
    testAccuracy: { type: 'number', minimum: 0, maximum: 1, description: 'test accuracy: a number from 0 to 1' },
    lossCurve: { type: 'array', items: num, description: 'a list of numbers' },
    lossCurveSteps: { type: 'array', items: num, description: 'a list of numbers' },
    wallSeconds: num,
    imagesPerSecond: num,
    imagesSeen: num,
    backend: str,
    trainableParams: num,
    deployedParams: num,
    checkpoint: { type: 'string', description: 'a checkpoint folder: relative to the run folder (or absolute in older runs)' },
  },
  'a training result: valAccuracy, valLoss, lossCurve, wallSeconds, imagesPerSecond, imagesSeen, backend, trainableParams',
);

const compute = obj(
  ['images', 'flops', 'seconds', 'trainings'],
  { images: num, flops: num, seconds: num, trainings: int0, estimated: int0 },
  'a compute charge: images, flops (training FLOPs), seconds, trainings',
);

const trial = obj(
  ['id', 'number', 'genome', 'hash', 'rung', 'state', 'seed', 'label', 'cost', 'infeasible', 'createdAt'],
  {
    id: str,
    number: int0,
    genome: { type: 'array', items: int0, description: 'a list of gene indices' },
    hash: str,
    rung: int0,
    state: { enum: ['pending', 'running', 'done', 'failed'], description: 'a trial state: "pending", "running", "done" or "failed"' },
    seed: { type: 'integer', description: 'an integer' },
    label: str,
    cost: obj(['params', 'flops'], { params: num, trainingParams: num, flops: num }, 'a cost: params, trainingParams, flops'),
    infeasible: { type: 'boolean', description: 'true or false' },
    result,
    error: str,
    weightsDeleted: str,
    backend: str,
    createdAt: str,
    startedAt: str,
    finishedAt: str,
    meta: { type: 'object', description: 'an object' },
    compute,
    parentCompute: compute,
  },
  'a trial: id, number, genome, hash, rung, state, seed, label, cost, infeasible, createdAt',
);

export const runDocumentSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'spin-nas run store (run.json)',
  ...obj(
    ['format', 'version', 'name', 'space', 'config', 'trials', 'parents', 'frontier', 'hypervolume'],
    {
      format: { const: 'spin-nas-run', description: 'the format tag "spin-nas-run"' },
      version: { type: 'integer', description: 'the format version' },
      name: str,
      createdAt: str,
      updatedAt: str,
      space: obj(['name', 'backbone', 'dataset', 'sharing', 'objectives', 'budget'], {}, 'the search space the run was started with'),
      config: obj(
        ['strategy', 'seed', 'trials', 'rungs', 'scales'],
        { strategy: str, seed: int0, trials: int0, trainer: str, maxCompute: { type: 'number', exclusiveMinimum: 0, description: 'a positive number of training FLOPs' }, rungs: { type: 'array', minItems: 1, items: { type: 'object' }, description: 'the budget of each rung' }, scales: { type: 'array', description: 'the objective scales' } },
        'the run configuration',
      ),
      trials: { type: 'array', items: trial, description: 'the list of trials' },
      strategy: { anyOf: [{ type: 'object' }, { type: 'null' }], description: 'the strategy state, or null' },
      parents: {
        type: 'object',
        additionalProperties: obj(['hash', 'label', 'state'], { hash: str, label: str, state: { enum: ['done', 'failed'], description: '"done" or "failed"' }, checkpoint: str, result, error: str, compute }, 'a fusion parent: hash, label, state'),
        description: 'the fusion parents, by hash',
      },
      frontier: { type: 'array', items: str, description: 'a list of trial ids' },
      frontierRung: { ...int0, description: 'the rung the frontier is taken at: a non-negative integer' },
      rungFrontiers: {
        type: 'array',
        items: obj(['rung', 'ids'], { rung: int0, ids: { type: 'array', items: str, description: 'a list of trial ids' } }, 'one rung\'s frontier: rung, ids'),
        description: 'every rung\'s frontier',
      },
      hypervolume: obj(
        ['value', 'reference', 'history'],
        { value: num, reference: { type: 'array', items: num, description: 'a list of numbers' }, normalisation: str, history: { type: 'array', items: obj(['trials', 'value'], { trials: int0, value: num, compute: num }, 'a point: trials, value'), description: 'a list of points' } },
        'the hypervolume record',
      ),
    },
    'a run document',
  ),
} as const;
