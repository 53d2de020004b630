import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { StrategyError, runSearchSession, type StrategyFactory } from '../../src/search/index.js';
import { loadRunSnapshot } from '../../src/store/index.js';
import { SPACE, runsDir } from './helpers.js';

test('a plug-in proposing an invalid genome stops the run with an error naming it and the genome, keeping what was stored', async () => {
  const dir = runsDir();
  const plugin = './test/search/fixtures/invalid-after-three.mjs';
  await assert.rejects(
    runSearchSession({ spaceFile: SPACE, runsDir: dir, name: 'bad', trials: 8, workers: 1, strategy: plugin, executor: new SyntheticExecutor() }),
    (e: unknown) => {
      assert.ok(e instanceof StrategyError);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, /strategy \.\/test\/search\/fixtures\/invalid-after-three\.mjs proposed an invalid genome \[99,99\]/);
      assert.match(e.message, /everything stored so far is kept/);
      return true;
    },
  );
  const s = await loadRunSnapshot(`${dir}/bad`);
  assert.equal(s.trials.filter((t) => t.rung === 0 && t.state === 'done').length, 3);
  assert.equal(s.trials.filter((t) => t.state === 'running').length, 0);
});

test('a strategy returning more proposals than asked stops the run with an error saying so', async () => {
  const greedy: StrategyFactory = ({ ops, rng }) => ({
    name: 'greedy',
    ask: (n) => Array.from({ length: n + 1 }, () => ({ genome: ops.sample(rng) })),
    tell: () => {},
    state: () => null,
    restore: () => {},
  });
  await assert.rejects(
    runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 4, workers: 2, strategy: 'greedy', strategyFactory: greedy, executor: new SyntheticExecutor() }),
    (e: unknown) => e instanceof StrategyError && /failed in ask\(\): ask\(2\) returned 3 proposals, more than asked/.test(e.message),
  );
});

test('a plug-in that throws in tell() stops the run cleanly with the running trials back to pending', async () => {
  const dir = runsDir();
  await assert.rejects(
    runSearchSession({
      spaceFile: SPACE,
      runsDir: dir,
      name: 'throws',
      trials: 8,
      workers: 2,
      strategy: './test/search/fixtures/throws-in-tell.mjs',
      executor: new SyntheticExecutor({ delayMs: 1 }),
    }),
    /strategy \.\/test\/search\/fixtures\/throws-in-tell\.mjs failed in tell\(\): bookkeeping bug/,
  );
  const s = await loadRunSnapshot(`${dir}/throws`);
  assert.ok(s.trials.filter((t) => t.state === 'done').length >= 2);
  assert.equal(s.trials.filter((t) => t.state === 'running').length, 0);
});

test('an unknown strategy name or path, or a module without a factory, is a usage error', async () => {
  const run = (strategy: string) => runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 2, strategy, executor: new SyntheticExecutor() });
  await assert.rejects(run('annealing'), (e: unknown) => e instanceof UsageError && /use one of random, evolution, nsga2/.test(e.message));
  await assert.rejects(run('./nope/strategy.js'), (e: unknown) => e instanceof UsageError && /no such file/.test(e.message));
  await assert.rejects(run('./test/search/fixtures/no-factory.mjs'), (e: unknown) => e instanceof UsageError && /exports no strategy factory/.test(e.message));
});
