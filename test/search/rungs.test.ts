import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { parseBudgetFlag, plannedTrials, rungBudgets } from '../../src/search/index.js';

const base = { epochs: 1, trainSubset: 6000, validationSize: 2000, batchSize: 64, learningRate: 0.005, schedule: 'cosine' as const };

test('each rung is the budget overridden by its entry, and --budget overrides every rung', () => {
  const rungs = rungBudgets({ ...base, rungs: [{ trainSubset: 3000 }, { trainSubset: 12000, epochs: 2 }] }, { batchSize: 32 });
  assert.deepEqual(rungs, [
    { ...base, trainSubset: 3000, batchSize: 32 },
    { ...base, trainSubset: 12000, epochs: 2, batchSize: 32 },
  ]);
  assert.deepEqual(rungBudgets(base), [base]);
});

test('--budget accepts key=value pairs or JSON and refuses zero, negative and unknown fields', () => {
  assert.deepEqual(parseBudgetFlag('epochs=2,trainSubset=3000'), { epochs: 2, trainSubset: 3000 });
  assert.deepEqual(parseBudgetFlag('{"learningRate": 0.01, "schedule": "constant"}'), { learningRate: 0.01, schedule: 'constant' });
  assert.throws(() => parseBudgetFlag('epochs=0'), (e: unknown) => e instanceof UsageError && /epochs: got 0; use a positive number/.test(e.message));
  assert.throws(() => parseBudgetFlag('trainSubset=-1'), /got -1/);
  assert.throws(() => parseBudgetFlag('speed=1'), /unknown field "speed"/);
  assert.throws(() => parseBudgetFlag('epochs'), /use key=value pairs/);
  assert.throws(() => rungBudgets(base, { epochs: 1.5 }), /budget epochs: got 1.5; use a positive integer/);
});

test('a run plans its rung-0 trials plus a third promoted at each next rung', () => {
  assert.equal(plannedTrials(24, 2, 3), 32);
  assert.equal(plannedTrials(27, 3, 3), 27 + 9 + 3);
  assert.equal(plannedTrials(5, 1, 3), 5);
});
