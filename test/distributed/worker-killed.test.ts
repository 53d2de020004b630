import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTrials } from '../cli/search-helpers.js';
import type { ParentRecord } from '../../src/store/index.js';
import { countLines, redisMissing, SPACE, spawnProc, spawnWorker, waitUntil, distributedFixture } from './redis-helpers.js';

const skip = redisMissing();

test('a worker SIGKILLed mid-trial: another worker trains the trial again, and it is recorded once', { skip, timeout: 60_000 }, async () => {
  const { redis, dir, procs } = await distributedFixture();
  const slow = spawnWorker(redis.url, ['--delay-ms', '20000']);
  procs.push(slow);
  const search = spawnProc(['search', SPACE, '--trainer', 'synthetic', '--redis', redis.url, '--trials', '3', '--workers', '1', '--runs-dir', dir, '--name', 'killed']);
  procs.push(search);
  await waitUntil(() => /training \S+ \S+/.test(slow.output()), 'the first worker to take a trial');
  const taken = /training \S+ (\S+)/.exec(slow.output())![1]!;
  slow.child.kill('SIGKILL');
  await slow.exit;
  const rescuer = spawnWorker(redis.url, ['--delay-ms', '50']);
  procs.push(rescuer);
  const exit = await search.exit;
  assert.equal(exit.code, 0, search.output());

  const trials = readTrials(join(dir, 'killed'));
  assert.ok(trials.length >= 3);
  assert.deepEqual(trials.filter((t) => t.state !== 'done').map((t) => t.id), []);
  assert.equal(countLines(rescuer.output(), new RegExp(`training \\S+ ${taken}$`)), 1, rescuer.output());
  // Every trial was trained exactly once by the second worker (nothing counted twice).
  for (const t of trials) {
    assert.equal(countLines(rescuer.output(), new RegExp(`training \\S+ ${t.id}$`)), 1, `${t.id}\n${rescuer.output()}`);
    assert.equal(t.worker?.pid, rescuer.child.pid);
  }
  assert.equal(new Set(trials.map((t) => t.id)).size, trials.length);
  // The attempt lost with the killed worker is charged too (at its budget, as an estimate).
  // (The first job taken may be a fusion parent's, "parent-<hash>".)
  const doc = JSON.parse(readFileSync(join(dir, 'killed', 'run.json'), 'utf8')) as { parents: Record<string, ParentRecord> };
  const lost = taken.startsWith('parent-') ? doc.parents[taken.slice('parent-'.length)]?.compute : trials.find((t) => t.id === taken)?.compute;
  assert.equal(lost?.trainings, 2, `${taken}: ${JSON.stringify(lost)}`);
  assert.equal(lost?.estimated, 1);
  for (const t of trials.filter((x) => x.id !== taken)) assert.equal(t.compute?.trainings, 1, t.id);
});
