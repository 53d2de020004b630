import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { learningRateAt, planSteps } from '../../src/train/index.js';
import type { ProxyBudget } from '../../src/space/types.js';

const budget: ProxyBudget = { epochs: 3, trainSubset: 100, validationSize: 10, batchSize: 32, learningRate: 0.01, schedule: 'cosine' };

test('steps per epoch round the last partial batch up', () => {
  assert.deepEqual(planSteps(budget, 100), { stepsPerEpoch: 4, totalSteps: 12, logEvery: 1 });
});

test('maxSteps caps the total when it is smaller', () => {
  assert.equal(planSteps({ ...budget, maxSteps: 5 }, 100).totalSteps, 5);
  assert.equal(planSteps({ ...budget, maxSteps: 500 }, 100).totalSteps, 12);
});

test('the cosine schedule starts at the learning rate and decays to half-way at mid-training', () => {
  assert.equal(learningRateAt(budget, 0, 10), 0.01);
  assert.ok(Math.abs(learningRateAt(budget, 5, 10) - 0.005) < 1e-12);
  assert.equal(learningRateAt({ ...budget, schedule: 'constant' }, 5, 10), 0.01);
});

test('a zero batch size is a usage error naming the field', () => {
  assert.throws(() => planSteps({ ...budget, batchSize: 0 }, 100), (e: unknown) => e instanceof UsageError && /budget.batchSize 0/.test(e.message));
});
