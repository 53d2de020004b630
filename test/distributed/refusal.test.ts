import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PREFIX, queueName, refusalsKey, RUNS_KEY } from '../../src/distributed/names.js';
import { PROTOCOL } from '../../src/distributed/payload.js';
import { redisMissing, SPACE, spawnProc, startRedis, waitUntil, type Proc } from './redis-helpers.js';

const skip = redisMissing();

test('workers that cannot do a run (other version, no dataset) refuse it with the reason and leave its jobs queued', { skip, timeout: 60_000 }, async () => {
  const redis = await startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-dist-'));
  const empty = mkdtempSync(join(tmpdir(), 'spin-nas-nodata-'));
  const procs: Proc[] = [];
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName('old-run'), { connection: client, prefix: PREFIX });
  after(async () => {
    await queue.close();
    client.disconnect();
    await Promise.all(procs.map((p) => p.stop()));
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });
  // A run announced by a search of another spin-nas version, with one job queued.
  const manifest = { runId: 'old-run', queue: queueName('old-run'), version: '0.0.0-other', protocol: PROTOCOL, dataset: 'fashion-mnist', trainer: 'local', backend: 'auto', maxWeightsBytes: 1 << 20, search: { host: 'x', pid: 1 } };
  await client.hset(RUNS_KEY, 'old-run', JSON.stringify(manifest));
  await queue.add('trial', { protocol: PROTOCOL }, { jobId: 'old-run.t0000-r0' });

  const worker = spawnProc(['worker', '--redis', redis.url, '--backend', 'cpu', '--workers', '1', '--data-dir', empty]);
  procs.push(worker);
  await waitUntil(() => /not taking trials of run old-run/.test(worker.output()), 'the version refusal', 20_000);
  assert.match(worker.output(), /run old-run: the run needs spin-nas 0\.0\.0-other, this worker runs \d+\.\d+\.\d+; install the same version/);

  // A real (not synthetic) search: this worker has no dataset, and says so to the search.
  const search = spawnProc(['search', SPACE, '--redis', redis.url, '--trials', '2', '--workers', '1', '--runs-dir', dir, '--name', 'nodata']);
  procs.push(search);
  await waitUntil(() => /does not take trials of this run/.test(search.output()), 'the search to show the refusal', 30_000);
  assert.match(search.output(), /warning: worker \S+ does not take trials of this run: no dataset fashion-mnist on this machine/);
  search.child.kill('SIGINT');
  const exit = await search.exit;
  assert.equal(exit.code, 130, search.output());

  // Nothing was failed by the refusing worker: the jobs wait for a worker that can do them.
  assert.equal((await queue.getJob('old-run.t0000-r0'))?.failedReason, undefined);
  assert.equal(await (await queue.getJob('old-run.t0000-r0'))!.getState(), 'waiting');
  const runs = await client.hgetall(RUNS_KEY);
  const nodata = Object.keys(runs).find((id) => id.startsWith('nodata-'))!;
  const runQueue = new Queue(queueName(nodata), { connection: client, prefix: PREFIX });
  const counts = await runQueue.getJobCounts('failed', 'waiting', 'active', 'completed');
  await runQueue.close();
  assert.equal(counts['failed'], 0);
  assert.equal(counts['active'], 0);
  assert.ok(counts['waiting']! >= 1, JSON.stringify(counts));
  assert.match(await client.hget(refusalsKey(nodata), Object.keys(await client.hgetall(refusalsKey(nodata)))[0]!) ?? '', /no dataset/);
});
