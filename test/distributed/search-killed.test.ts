import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTrials } from '../cli/search-helpers.js';
import { countLines, redisMissing, SPACE, spawnProc, spawnWorker, waitUntil, distributedFixture } from './redis-helpers.js';

const skip = redisMissing();

test('a search SIGKILLed with jobs queued and running resumes: it collects what finished meanwhile and queues nothing twice', { skip, timeout: 60_000 }, async () => {
  const { redis, dir, procs } = await distributedFixture();
  const worker = spawnWorker(redis.url, ['--delay-ms', '700', '--workers', '2']);
  procs.push(worker);
  const args = ['search', SPACE, '--trainer', 'synthetic', '--redis', redis.url, '--trials', '8', '--workers', '5', '--runs-dir', dir, '--name', 'crash'];
  const first = spawnProc(args);
  procs.push(first);
  // Killed once two trials are running and more are queued behind them.
  await waitUntil(() => countLines(worker.output(), /training /) >= 2, 'two trials running');
  first.child.kill('SIGKILL');
  await first.exit;
  const before = readTrials(join(dir, 'crash')).filter((t) => t.state === 'done').length;
  // The worker finishes the queued trials while no search is listening.
  await waitUntil(() => countLines(worker.output(), /trained /) >= 4, 'the worker to finish queued trials');

  const second = spawnProc(args);
  procs.push(second);
  const exit = await second.exit;
  assert.equal(exit.code, 0, second.output());

  const trials = readTrials(join(dir, 'crash'));
  assert.deepEqual(trials.filter((t) => t.state !== 'done').map((t) => t.id), []);
  assert.ok(trials.length >= 8);
  const log = worker.output();
  // Each trial (and fusion parent) went through the queue exactly once, across both processes.
  const trained = log.split('\n').filter((l) => / training /.test(l)).map((l) => l.split(' ').pop());
  assert.equal(new Set(trained).size, trained.length, log);
  for (const t of trials) assert.equal(countLines(log, new RegExp(`training \\S+ ${t.id}$`)), 1, `${t.id}\n${log}`);
  // Results that finished while the search was down were recorded by the resume, not retrained.
  assert.ok(before < 4, `the first search had recorded ${before} trials`);
  assert.match(second.output(), /resuming run/);
});
