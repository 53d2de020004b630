import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { readTrials } from '../cli/search-helpers.js';
import { spinVersion } from '../../src/distributed/manifest.js';
import { PREFIX, queueName, RUNS_KEY } from '../../src/distributed/names.js';
import { PROTOCOL } from '../../src/distributed/payload.js';
import { countLines, redisMissing, SPACE, spawnProc, spawnWorker, startRedis, waitUntil, type Proc } from './redis-helpers.js';

const skip = redisMissing();

test('a trial that throws on a worker fails as a trial, with its error, once; a malformed job fails with the reason and the worker keeps serving', { skip, timeout: 60_000 }, async () => {
  const redis = await startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-dist-'));
  const procs: Proc[] = [];
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName('forged-run'), { connection: client, prefix: PREFIX });
  after(async () => {
    await queue.close();
    client.disconnect();
    await Promise.all(procs.map((p) => p.stop()));
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const worker = spawnWorker(redis.url, ['--delay-ms', '50', '--workers', '2', '--fail-trials', '^t0001-r0$']);
  procs.push(worker);

  // A job with a payload that is not a trial, in a run the worker serves.
  const manifest = { runId: 'forged-run', queue: queueName('forged-run'), version: spinVersion(), protocol: PROTOCOL, dataset: 'fashion-mnist', trainer: 'synthetic', backend: 'auto', maxWeightsBytes: 1 << 20, search: { host: 'x', pid: 1 } };
  await client.hset(RUNS_KEY, 'forged-run', JSON.stringify(manifest));
  const job = await queue.add('trial', { protocol: PROTOCOL, runId: 'forged-run', trialId: 'evil', code: 'process.exit()' }, { jobId: 'forged-run.evil' });
  await waitUntil(() => /malformed trial job/.test(worker.output()), 'the malformed job to fail', 20_000);
  assert.equal(await job.getState(), 'failed');
  const failed = await queue.getJob('forged-run.evil');
  assert.match(failed!.failedReason, /malformed trial job forged-run\.evil: payload .*must/);

  const search = spawnProc(['search', SPACE, '--trainer', 'synthetic', '--redis', redis.url, '--trials', '4', '--workers', '2', '--runs-dir', dir, '--name', 'throws']);
  procs.push(search);
  const exit = await search.exit;
  assert.equal(exit.code, 0, search.output());
  const trials = readTrials(join(dir, 'throws'));
  const bad = trials.find((t) => t.id === 't0001-r0')!;
  assert.equal(bad.state, 'failed');
  assert.match(bad.error ?? '', /synthetic failure of trial t0001-r0/);
  assert.equal(bad.worker?.pid, worker.child.pid);
  assert.equal(countLines(worker.output(), /training \S+ t0001-r0$/), 1, worker.output());
  assert.ok(trials.filter((t) => t.state === 'done').length >= 3);
  assert.match(search.output(), /1 failed/);
});
