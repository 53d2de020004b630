/** The local executor over the trainer pool, with simulated trials (no training). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrialError } from '../../src/errors.js';
import { TrialCancelled } from '../../src/executor/index.js';
import { LocalExecutor } from '../../src/executor/local.js';
import { spaceProblem } from '../../src/search/index.js';
import { loadSpace } from '../../src/space/index.js';
import { makeRng } from '../../src/util/random.js';
import type { TrainRequest } from '../../src/train/types.js';

const problem = spaceProblem(loadSpace('search-spaces/convmixer-fmnist.json'));
const request: TrainRequest = {
  trialId: 't-local',
  arch: problem.describe(problem.ops.sample(makeRng(1))).arch,
  budget: { epochs: 1, trainSubset: 100, validationSize: 50, batchSize: 10, learningRate: 0.01, schedule: 'constant' },
  seed: 1,
  backend: 'cpu',
  data: { dataset: 'fashion-mnist', dir: '/nowhere' },
};

test('a cancelled local trial rejects with TrialCancelled, not as a failure', async () => {
  const ex = new LocalExecutor({ backend: 'cpu', workers: 1, simulate: { behaviour: 'hang' } });
  try {
    const handle = ex.submit(request);
    setTimeout(() => handle.cancel(), 200);
    await assert.rejects(handle.result, (e: unknown) => e instanceof TrialCancelled);
  } finally {
    await ex.close();
  }
});

test('a local trial that throws rejects with a TrialError', async () => {
  const ex = new LocalExecutor({ backend: 'cpu', workers: 1, simulate: { behaviour: 'throw' } });
  try {
    await assert.rejects(ex.submit(request).result, (e: unknown) => e instanceof TrialError);
    assert.equal(ex.backend, 'cpu');
    assert.equal(ex.capacity, 1);
  } finally {
    await ex.close();
  }
});
