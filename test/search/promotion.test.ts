import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrontierTracker, nextPromotion, rungView, type SearchProblem } from '../../src/search/index.js';
import type { TrialRecord } from '../../src/store/index.js';
import { vectorOps } from '../../src/search/vector-ops.js';

/** Two objectives: accuracy (max) and params (min), params scaled by 100. */
const problem: SearchProblem = {
  ops: vectorOps([10]),
  objectives: [
    { metric: 'accuracy', direction: 'maximize' },
    { metric: 'params', direction: 'minimize' },
  ],
  scales: [
    { name: 'accuracy', direction: 'maximize', scale: 1 },
    { name: 'params', direction: 'minimize', scale: 100 },
  ],
  normalisation: 'test',
  tryDescribe: () => 'unused',
  describe: () => {
    throw new Error('unused');
  },
  fusionParent: () => null,
};

let n = 0;
function trial(hash: string, rung: number, acc: number, params: number, extra: Partial<TrialRecord> = {}): TrialRecord {
  const number = n++;
  return {
    id: `${hash}-r${rung}`,
    number,
    genome: [0],
    hash,
    rung,
    state: 'done',
    seed: 1,
    label: hash,
    cost: { params, trainingParams: params, flops: 0 },
    infeasible: false,
    createdAt: '',
    result: { trialId: hash, valAccuracy: acc, valLoss: 0, lossCurve: [], wallSeconds: 0, imagesPerSecond: 0, imagesSeen: 0, backend: 'cpu', trainableParams: params },
    ...extra,
  };
}

test('promotion picks the best of a rung by Pareto rank, within floor(n/eta), never an infeasible trial', () => {
  const trials = [
    trial('a', 0, 0.9, 50), // front 0
    trial('b', 0, 0.8, 60), // dominated by a
    trial('c', 0, 0.95, 10, { infeasible: true }), // would dominate, but infeasible
    trial('d', 0, 0.7, 80),
    trial('e', 0, 0.6, 90),
    trial('f', 0, 0.5, 95),
    trial('g', 0, 0.85, 20), // front 0
  ];
  const exists = (set: Set<string>) => (h: string, r: number) => set.has(`${h}:${r}`);
  // 6 feasible done -> quota 2 -> a and g (front 0), in crowding order
  const first = nextPromotion(problem, rungView(trials, 2), 3, exists(new Set()));
  assert.ok(first && ['a', 'g'].includes(first.from.hash) && first.rung === 1);
  const promoted = [...trials, trial(first.from.hash, 1, 0.9, 50, { state: 'running' })];
  const second = nextPromotion(problem, rungView(promoted, 2), 3, exists(new Set([`${first.from.hash}:1`])));
  assert.ok(second && second.from.hash !== first.from.hash && ['a', 'g'].includes(second.from.hash));
  const full = [...promoted, trial(second.from.hash, 1, 0.9, 50, { state: 'pending' })];
  assert.equal(nextPromotion(problem, rungView(full, 2), 3, exists(new Set(['a:1', 'g:1']))), null, 'quota reached');
  assert.equal(nextPromotion(problem, rungView(trials, 1), 3, exists(new Set())), null, 'single rung: no promotion');
});

test('the frontier compares like with like: it is the highest rung reached, lower rungs apart', () => {
  const tracker = new FrontierTracker(problem);
  tracker.add(trial('a', 0, 0.9, 50));
  tracker.add(trial('b', 0, 0.8, 60)); // dominated at rung 0
  tracker.add(trial('x', 0, 0.99, 1, { infeasible: true }));
  assert.deepEqual(tracker.ids(), ['a-r0']);
  assert.equal(tracker.rung, 0);
  // a's longer training came out worse; at rung 1 it is alone, and b (rung 0) does not compete with it
  tracker.add(trial('a', 1, 0.7, 50));
  assert.equal(tracker.rung, 1);
  assert.deepEqual(tracker.ids(), ['a-r1']);
  assert.deepEqual(tracker.rungFrontiers(), [{ rung: 0, ids: ['a-r0'] }, { rung: 1, ids: ['a-r1'] }]);
  assert.deepEqual(tracker.anyRungIds().sort(), ['a-r0', 'a-r1']);
  // hand-computed: minimised (1-acc, params/100), reference 1.1: a@1 = (0.3, 0.5): HV = 0.8 * 0.6
  assert.ok(Math.abs(tracker.hypervolume - 0.48) < 1e-12);
  // a cheap rung-0 result, however good, never enters the rung-1 frontier
  tracker.add(trial('c', 0, 0.99, 10));
  assert.deepEqual(tracker.ids(), ['a-r1']);
  assert.deepEqual(tracker.rungIds(0), ['c-r0']);
  tracker.add(trial('c', 1, 0.95, 10));
  assert.deepEqual(tracker.ids(), ['c-r1']);
});
