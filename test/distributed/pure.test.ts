import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Redis } from 'ioredis';
import { refusal, type RunManifest, type WorkerAbility } from '../../src/distributed/manifest.js';
import { jobIdOf, runIdOf } from '../../src/distributed/names.js';
import { jobProblem, PROTOCOL } from '../../src/distributed/payload.js';
import { maskUrl, redisTarget } from '../../src/distributed/url.js';
import { uploadWeights } from '../../src/distributed/weights.js';

test('passwords in Redis URLs are masked in every shown form', () => {
  assert.equal(maskUrl('redis://:s3cret@10.0.0.5:6379'), 'redis://:***@10.0.0.5:6379');
  assert.equal(maskUrl('rediss://alice:s3cret@host:6380/2'), 'rediss://alice:***@host:6380/2');
  assert.equal(maskUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  assert.equal(redisTarget('redis://:s3cret@h:1').shown, 'redis://:***@h:1');
  assert.throws(() => redisTarget('http://:s3cret@h:1'), /option --redis: got protocol "http:"; use redis:\/\/ or rediss:\/\//);
  assert.throws(() => redisTarget('not a url :s3cret@'), (e: Error) => !e.message.includes('s3cret'));
});

test('job ids derive from the run and the trial, without the characters BullMQ refuses', () => {
  const run = runIdOf('my run', '2026-12-01T12:00:00.000Z');
  assert.match(run, /^my_run-[0-9a-f]{10}$/);
  assert.notEqual(run, runIdOf('my run', '2026-12-01T12:00:00.001Z'));
  assert.equal(jobIdOf(run, 't0007-r1'), `${run}.t0007-r1`);
  assert.doesNotMatch(jobIdOf('r', 'a:b'), /:/);
});

const manifest: RunManifest = {
  runId: 'r', queue: 'run.r', version: '1.2.3', protocol: PROTOCOL, dataset: 'fashion-mnist', trainer: 'local', backend: 'auto', maxWeightsBytes: 1, search: { host: 'h', pid: 1 },
};
const able: WorkerAbility = { version: '1.2.3', protocol: PROTOCOL, trainer: 'local', backend: 'wasm', datasetProblem: () => null };

test('a worker refuses a run it cannot serve, naming why and the fix', () => {
  assert.equal(refusal(manifest, able), null);
  assert.match(refusal(manifest, { ...able, version: '1.2.4' })!, /needs spin-nas 1\.2\.3, this worker runs 1\.2\.4; install the same version/);
  assert.match(refusal({ ...manifest, backend: 'tensorflow-gpu' }, able)!, /backend tensorflow-gpu, this worker on wasm; start it with --backend tensorflow-gpu/);
  assert.match(refusal(manifest, { ...able, trainer: 'synthetic' })!, /local trainer, this worker the synthetic one/);
  assert.equal(refusal(manifest, { ...able, datasetProblem: () => 'no dataset fashion-mnist here' }), 'no dataset fashion-mnist here');
  // Own data: the worker is asked about the run's content hash too.
  assert.equal(refusal({ ...manifest, dataHash: 'abc' }, { ...able, datasetProblem: (_d, hash) => (hash === 'abc' ? 'other data here' : null) }), 'other data here');
  // The synthetic trainer needs no data.
  assert.equal(refusal({ ...manifest, trainer: 'synthetic' }, { ...able, trainer: 'synthetic', datasetProblem: () => 'none' }), null);
});

test('job payloads are checked against the schema: data only, every field typed', () => {
  const arch = { family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 32, depth: 4, patch: 2, kernel: 5, sharing: { sets: {} }, init: 'scratch', hash: 'h', parentHash: 'p', label: 'l' };
  const budget = { epochs: 1, trainSubset: 100, validationSize: 50, batchSize: 32, learningRate: 0.01, schedule: 'cosine' };
  const job = { protocol: PROTOCOL, runId: 'r-1', trialId: 't0000-r0', arch, budget, seed: 3, backend: 'cpu', dataset: 'fashion-mnist', keepWeights: false };
  assert.equal(jobProblem(job), null);
  assert.match(jobProblem({ ...job, code: 'x' })!, /must NOT have additional properties \(code\)/);
  assert.match(jobProblem({ ...job, budget: { ...budget, epochs: 0 } })!, /\/budget\/epochs must be >= 1/);
  assert.match(jobProblem({ ...job, trialId: '../x' })!, /\/trialId must match/);
  assert.match(jobProblem({ ...job, protocol: PROTOCOL + 1 })!, /\/protocol must be equal to constant/);
});

test('a checkpoint over the size limit fails with its size, the limit and the flag, before anything is sent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-weights-'));
  try {
    writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(3 * 2 ** 20));
    const untouched = new Proxy({}, { get: () => assert.fail('Redis was used') }) as unknown as Redis;
    await assert.rejects(uploadWeights(untouched, 'k', dir, 2 ** 20, 'trial t1'), /trial t1: checkpoint .* is 3\.0 MiB, over the 1\.0 MiB limit for weights moved through Redis; raise it with `spin-nas search --max-weights-mb`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
