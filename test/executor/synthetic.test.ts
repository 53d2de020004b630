import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TrialError } from '../../src/errors.js';
import { SyntheticExecutor, TrialCancelled } from '../../src/executor/index.js';
import { spaceProblem } from '../../src/search/index.js';
import { loadSpace } from '../../src/space/index.js';
import { makeRng } from '../../src/util/random.js';
import { tempDir } from '../helpers.js';
import type { TrainRequest } from '../../src/train/types.js';

const space = loadSpace('search-spaces/convmixer-fmnist.json');
const problem = spaceProblem(space);
const budget = { epochs: 1, trainSubset: 3000, validationSize: 500, batchSize: 64, learningRate: 0.005, schedule: 'cosine' as const };

function request(seed = 1, extra: Partial<TrainRequest> = {}): TrainRequest {
  const candidate = problem.describe(problem.ops.sample(makeRng(seed)));
  return { trialId: `t${seed}`, arch: candidate.arch, budget, seed, backend: 'cpu', data: { dataset: 'fashion-mnist', dir: '/nowhere' }, ...extra };
}

test('the synthetic trainer is deterministic and scores larger budgets higher', async () => {
  const ex = new SyntheticExecutor();
  const a = await ex.submit(request(3)).result;
  const b = await ex.submit(request(3)).result;
  assert.equal(a.valAccuracy, b.valAccuracy);
  assert.ok(a.valAccuracy > 0.1 && a.valAccuracy < 0.99);
  const more = await ex.submit(request(3, { budget: { ...budget, trainSubset: 30000 } })).result;
  assert.ok(more.valAccuracy > a.valAccuracy);
});

test('cancelling a synthetic trial rejects it with TrialCancelled', async () => {
  const ex = new SyntheticExecutor({ delayMs: 5000 });
  const handle = ex.submit(request());
  handle.cancel();
  await assert.rejects(handle.result, (e: unknown) => e instanceof TrialCancelled && /t1 was cancelled/.test(e.message));
});

test('a synthetic trial saves a checkpoint when asked and needs its parent checkpoint to exist', async () => {
  const ex = new SyntheticExecutor();
  const dir = join(tempDir('spin-ex-'), 'parent');
  const saved = await ex.submit(request(1, { saveTo: dir })).result;
  assert.equal(saved.checkpoint, dir);
  assert.ok(existsSync(join(dir, 'synthetic-checkpoint.json')));
  await ex.submit(request(2, { parentCheckpoint: dir })).result;
  await assert.rejects(ex.submit(request(2, { parentCheckpoint: `${dir}-missing` })).result, (e: unknown) => e instanceof TrialError && /is missing/.test(e.message));
});

test('results and failures name the process that trained the trial', async () => {
  const { hostname } = await import('node:os');
  const { workerOf } = await import('../../src/executor/contract.js');
  const ex = new SyntheticExecutor({ failWhen: (r) => r.trialId === 't9' });
  const done = await ex.submit(request(3)).result;
  assert.deepEqual(done.worker, { host: hostname(), pid: process.pid, backend: 'cpu' });
  const failure = await ex.submit(request(9)).result.catch((e: unknown) => e);
  assert.ok(failure instanceof TrialError);
  assert.deepEqual(workerOf(failure), { host: hostname(), pid: process.pid, backend: 'cpu' });
});
