import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTrials } from '../cli/search-helpers.js';
import { countLines, redisMissing, SPACE, spawnProc, spawnWorker, waitUntil, distributedFixture } from './redis-helpers.js';

const skip = redisMissing();

test('Redis stopped for a few seconds and started again: the search and the worker reconnect and the run completes', { skip, timeout: 60_000 }, async () => {
  const { redis, dir, procs } = await distributedFixture({ persist: true });
  const worker = spawnWorker(redis.url, ['--delay-ms', '300', '--workers', '2']);
  procs.push(worker);
  const search = spawnProc(['search', SPACE, '--trainer', 'synthetic', '--redis', redis.url, '--trials', '6', '--workers', '2', '--runs-dir', dir, '--name', 'restart']);
  procs.push(search);
  await waitUntil(() => countLines(worker.output(), /trained /) >= 2, 'two trials trained');
  await redis.stop();
  await new Promise((r) => setTimeout(r, 3000));
  await redis.start();
  const exit = await search.exit;
  assert.equal(exit.code, 0, search.output());
  const trials = readTrials(join(dir, 'restart'));
  assert.ok(trials.length >= 6);
  assert.deepEqual(trials.filter((t) => t.state !== 'done').map((t) => t.id), []);
  assert.match(search.output(), /unreachable[^\n]*retrying/);
  assert.match(worker.output(), /reachable again/);
});
