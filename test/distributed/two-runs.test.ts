import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { runCli } from '../helpers.js';
import { redisMissing, SPACE, spawnProc, spawnWorker, distributedFixture } from './redis-helpers.js';
import type { ProxyBudget } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/store/types.js';

const skip = redisMissing();
const SECRET = 'pa55-w0rd-secret';

interface Doc {
  trials: TrialRecord[];
  frontier: string[];
  config: { rungs: ProxyBudget[] };
}

test('two searches share one Redis (with a password) and the same workers without mixing results; the password is never printed', { skip, timeout: 60_000 }, async () => {
  const { redis, dir, procs } = await distributedFixture({ password: SECRET });
  const wrong = await runCli(['worker', '--redis', redis.url.replace(SECRET, 'nope'), '--trainer', 'synthetic']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^spin-nas: option --redis: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*WRONGPASS/m);

  const workers = [spawnWorker(redis.url, ['--delay-ms', '100', '--workers', '2']), spawnWorker(redis.url, ['--delay-ms', '100', '--workers', '2'])];
  procs.push(...workers);
  // Different budgets: a result that went to the wrong run would carry the other run's images seen.
  const common = ['--trainer', 'synthetic', '--redis', redis.url, '--trials', '6', '--workers', '4', '--runs-dir', dir];
  const a = spawnProc(['search', SPACE, ...common, '--name', 'alpha', '--budget', 'epochs=1', '--seed', '1']);
  const b = spawnProc(['search', SPACE, ...common, '--name', 'beta', '--budget', 'epochs=3', '--seed', '2']);
  procs.push(a, b);
  const [ea, eb] = await Promise.all([a.exit, b.exit]);
  assert.equal(ea.code, 0, a.output());
  assert.equal(eb.code, 0, b.output());

  const pids = new Set<number>();
  for (const name of ['alpha', 'beta']) {
    const doc = JSON.parse(readFileSync(join(dir, name, 'run.json'), 'utf8')) as Doc;
    assert.ok(doc.trials.length >= 6);
    for (const t of doc.trials) {
      assert.equal(t.state, 'done', `${name} ${t.id}`);
      const budget = doc.config.rungs[t.rung]!;
      assert.equal(t.result?.imagesSeen, budget.epochs * budget.trainSubset, `${name} ${t.id} got another run's result`);
      assert.ok(t.worker && typeof t.worker.host === 'string' && t.worker.backend === 'cpu');
      pids.add(t.worker.pid);
    }
    // Kept weights came back through Redis into this run's folder.
    for (const id of doc.frontier) assert.ok(existsSync(join(dir, name, 'checkpoints', 'trials', id, 'synthetic-checkpoint.json')), `${name} ${id}`);
  }
  assert.deepEqual([...pids].sort(), workers.map((w) => w.child.pid!).sort());

  // Complete runs leave no job, weights or announcement behind (only BullMQ's queue markers,
  // re-created by workers until they notice the run is gone).
  const client = new Redis(redis.url);
  const keys = await client.keys('spin-nas:*');
  client.disconnect();
  assert.deepEqual(keys.filter((k) => !/^spin-nas:run\.[\w.-]+:(meta|stalled-check)$/.test(k)), []);
  for (const p of procs) await p.stop();
  for (const p of procs) assert.doesNotMatch(p.output(), new RegExp(SECRET));
  assert.doesNotMatch(wrong.stderr + wrong.stdout, new RegExp(SECRET));
});
