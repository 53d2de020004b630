import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers.js';
import { readTrials } from '../cli/search-helpers.js';
import { redisMissing, SPACE, spawnWorker, distributedFixture } from './redis-helpers.js';

const skip = redisMissing();

test('a run started locally continues through Redis, and back', { skip, timeout: 60_000 }, async () => {
  const { redis, dir, procs } = await distributedFixture();
  const worker = spawnWorker(redis.url, ['--delay-ms', '20', '--workers', '2']);
  procs.push(worker);
  const base = ['search', SPACE, '--trainer', 'synthetic', '--workers', '2', '--runs-dir', dir, '--name', 'modes'];
  const local = await runCli([...base, '--trials', '3']);
  assert.equal(local.code, 0, local.stderr);
  const first = readTrials(join(dir, 'modes'));
  const distributed = await runCli([...base, '--trials', '6', '--redis', redis.url]);
  assert.equal(distributed.code, 0, distributed.stderr);
  const second = readTrials(join(dir, 'modes'));
  const back = await runCli([...base, '--trials', '8']);
  assert.equal(back.code, 0, back.stderr);
  const third = readTrials(join(dir, 'modes'));

  const pid = worker.child.pid;
  assert.ok(first.length >= 3 && second.length > first.length && third.length > second.length);
  for (const t of third) assert.equal(t.state, 'done', t.id);
  const byId = new Map(third.map((t) => [t.id, t]));
  // Trials keep the worker that trained them; only the middle invocation used the Redis worker.
  for (const t of first) assert.notEqual(byId.get(t.id)!.worker?.pid, pid);
  const added = second.filter((t) => !first.some((f) => f.id === t.id));
  for (const t of added) assert.equal(byId.get(t.id)!.worker?.pid, pid, t.id);
  for (const t of third.filter((x) => !second.some((s) => s.id === x.id))) assert.notEqual(t.worker?.pid, pid);
});
