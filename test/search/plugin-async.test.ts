/**
 * Strategy plug-ins may be async (ask/tell/state/restore returning Promises are awaited, each
 * within a time limit), and what they return must be storable: BigInt, circular values and
 * functions are named in one line with the plug-in and the field, never "internal error".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { StrategyError, runSearchSession } from '../../src/search/index.js';
import { unstorable } from '../../src/search/strategies/guard.js';
import { loadRunSnapshot } from '../../src/store/index.js';
import { SPACE, runsDir } from './helpers.js';

const FIXTURES = './test/search/fixtures';

test('an async plug-in (ask, tell, state and restore returning Promises) searches, is stored and resumes', async () => {
  const root = runsDir();
  const options = { spaceFile: SPACE, runsDir: root, name: 'async', workers: 2, strategy: `${FIXTURES}/async-strategy.mjs` };
  const first = await runSearchSession({ ...options, trials: 6, executor: new SyntheticExecutor() });
  const fresh = (doc: { trials: { rung: number; state: string }[] }) => doc.trials.filter((t) => t.rung === 0 && t.state === 'done').length;
  let doc = await loadRunSnapshot(first.dir);
  assert.equal(fresh(doc), 6);
  assert.ok(doc.trials.every((t) => t.meta?.['asked'] === true), 'proposals from the async ask()');
  const { readRunDocument } = await import('../../src/store/index.js');
  assert.deepEqual((await readRunDocument(first.dir))!.strategy!.state, { told: 6 }, 'the async state() after the last tell');
  await runSearchSession({ ...options, trials: 9, resume: true, executor: new SyntheticExecutor() });
  doc = await loadRunSnapshot(first.dir);
  assert.equal(fresh(doc), 9);
  assert.deepEqual((await readRunDocument(first.dir))!.strategy!.state, { told: 9 }, 'restored with the async restore(), then told the 3 new ones');
});

test('an async ask() that never settles ends with a clear error when its time limit expires', async () => {
  await assert.rejects(
    runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 4, workers: 1, strategy: `${FIXTURES}/slow-ask.mjs`, pluginTimeLimitMs: 150, executor: new SyntheticExecutor() }),
    (e: unknown) => e instanceof StrategyError && e.exitCode === 2 && /^strategy \.\/test\/search\/fixtures\/slow-ask\.mjs ask\(\) returned a Promise that did not settle within 0\.15 s/.test(e.message),
  );
});

for (const [kind, message] of [
  ['bigint', /strategy \.\/test\/search\/fixtures\/bad-values\.mjs state\(\) returned a state that cannot be stored in run\.json: field count is a BigInt \(10n\); return plain JSON values/],
  ['circular', /bad-values\.mjs state\(\) returned a state that cannot be stored in run\.json: field tree\.self refers back to itself \(circular\)/],
  ['function', /bad-values\.mjs ask\(\) returned a proposal that cannot be stored in run\.json: field \[0\]\.meta\.f is a function/],
] as const) {
  test(`a plug-in value that cannot be stored (${kind}) is named in one line with the plug-in and the field`, async () => {
    process.env['SPIN_BAD_VALUE'] = kind;
    try {
      await assert.rejects(
        runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 3, workers: 1, strategy: `${FIXTURES}/bad-values.mjs`, executor: new SyntheticExecutor() }),
        (e: unknown) => {
          assert.ok(e instanceof StrategyError, String(e));
          assert.match(e.message, message);
          assert.ok(!e.message.includes('\n'));
          return true;
        },
      );
    } finally {
      delete process.env['SPIN_BAD_VALUE'];
    }
  });
}

test('unstorable: finds BigInt, functions, symbols, non-finite numbers and cycles with their path', () => {
  const cyc: Record<string, unknown> = {};
  cyc['me'] = [1, cyc];
  assert.equal(unstorable({ a: [1, { b: 2n }] }), 'field a[1].b is a BigInt (2n)');
  assert.equal(unstorable([() => 1]), 'field [0] is a function');
  assert.equal(unstorable({ s: Symbol('x') }), 'field s is a symbol');
  assert.equal(unstorable({ x: NaN }), 'field x is NaN (not a finite number)');
  assert.equal(unstorable(cyc), 'field me[1] refers back to itself (circular)');
  const shared = { v: 1 };
  assert.equal(unstorable({ a: shared, b: shared, n: null, t: 'x' }), null, 'a value used twice is not a cycle');
});
