import { availableParallelism } from 'node:os';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TrialError } from '../../src/errors.js';
import { TrainerPool, defaultPoolSize, type TrainRequest } from '../../src/train/index.js';
import runTask from '../../src/train/worker.js';
import { writeMnistLike } from '../fixtures/data/synthetic.js';
import { tempDir } from '../helpers.js';
import { convMixer } from './archs.js';

const dataDir = writeMnistLike(join(tempDir(), 'data'), { train: 120, test: 20 });
const pool = new TrainerPool({ backend: 'wasm', size: 2 });
after(() => pool.close());

function request(trialId: string): TrainRequest {
  return {
    trialId,
    arch: convMixer({ depth: 1, patch: 7 }),
    budget: { epochs: 1, trainSubset: 40, validationSize: 20, batchSize: 20, learningRate: 0.01, schedule: 'constant' },
    seed: 1,
    backend: 'cpu',
    data: { dataset: 'fashion-mnist', dir: dataDir },
  };
}

test('the default pool size is one worker per core for JS backends, one for native ones and two for webgpu', () => {
  assert.ok(defaultPoolSize('wasm') >= 1);
  assert.equal(defaultPoolSize('webgpu'), Math.min(2, availableParallelism()));
  assert.equal(defaultPoolSize('tensorflow-gpu'), 1);
  assert.equal(defaultPoolSize('tensorflow'), 1);
});

test('a trial runs for real on a wasm worker thread', async () => {
  const result = await pool.run(request('real'));
  assert.equal(result.trialId, 'real');
  assert.equal(result.imagesSeen, 40);
  assert.equal(result.backend, 'wasm');
});

test('a trial that throws rejects with a TrialError carrying its message, and the pool carries on', async () => {
  await assert.rejects(pool.run(request('bad'), { simulate: { behaviour: 'throw' } }),
    (e: unknown) => e instanceof TrialError && /trial bad failed: simulated failure of trial bad/.test(e.message));
  assert.equal((await pool.run(request('next'), { simulate: { behaviour: 'succeed' } })).trialId, 'next');
});

test('a worker that exits fails only its own trial', async () => {
  const others = [pool.run(request('a'), { simulate: { behaviour: 'succeed', ms: 50 } })];
  await assert.rejects(pool.run(request('dies'), { simulate: { behaviour: 'exit' } }),
    (e: unknown) => e instanceof TrialError && /trial dies failed/.test(e.message));
  assert.equal((await Promise.all(others))[0]!.trialId, 'a');
  assert.equal((await pool.run(request('after'), { simulate: { behaviour: 'succeed' } })).trialId, 'after');
});

test('a trial over its time limit is stopped with a TrialError', async () => {
  const started = Date.now();
  await assert.rejects(pool.run(request('slow'), { simulate: { behaviour: 'hang' }, timeoutMs: 200 }),
    (e: unknown) => e instanceof TrialError && /exceeded its time limit of 200 ms/.test(e.message));
  assert.ok(Date.now() - started < 5000);
});

test('a cancelled trial rejects with a TrialError and the pool serves the next one', async () => {
  const controller = new AbortController();
  const running = pool.run(request('cancel-me'), { simulate: { behaviour: 'hang' }, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(running, (e: unknown) => e instanceof TrialError && /was cancelled/.test(e.message));
  assert.equal((await pool.run(request('later'), { simulate: { behaviour: 'succeed' } })).trialId, 'later');
});

test('a forced native backend that is not installed is refused when the pool is created', () => {
  assert.throws(() => new TrainerPool({ backend: 'tensorflow-gpu' }), /backend tensorflow-gpu is not available: @tensorflow\/tfjs-node-gpu is not installed; .*README\.md "Training backends and the GPU"/);
});

test('a worker stops a trial between steps when its shared stop flag is set (native backends)', async () => {
  const stop = new SharedArrayBuffer(4);
  Atomics.store(new Int32Array(stop), 0, 1);
  await assert.rejects(runTask({ request: request('flagged'), stop }), /trial flagged was cancelled at step 0/);
});
