/**
 * Multi-objective TPE beyond the shared conformance suite: no equivalent genome is ever
 * proposed twice (batches included, across a resume), constraints are learned from
 * violations, and its parts (the good/bad split, the categorical Parzen estimator) behave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpace } from '../../src/space/index.js';
import { spaceProblem } from '../../src/search/problem.js';
import { vectorOps } from '../../src/search/vector-ops.js';
import { createMotpe, createRandomSearch, type Evaluation, type GenomeOps, type Strategy } from '../../src/search/strategies/index.js';
import { CategoricalParzen } from '../../src/search/strategies/parzen.js';
import { defaultWeights, greedySubset, splitObservations } from '../../src/search/strategies/tpe-split.js';
import { makeRng } from '../../src/util/random.js';

const sharing = spaceProblem(loadSpace('search-spaces/convmixer-fmnist.json'));

function sharingEvaluation(genome: number[]): Evaluation {
  const c = sharing.describe(genome);
  return { genome: c.genome, key: c.hash, values: [0.2 + ((c.cost.params * 7919) % 97) / 1000, c.cost.params / 4e4, c.cost.flops / 1.8e7], violation: c.violation };
}

test('motpe never proposes an architecture twice: canonical keys are unique over batches and across a resume', () => {
  const rng = makeRng(4);
  let strategy: Strategy = createMotpe({ ops: sharing.ops, rng, objectives: 3, options: {} });
  const keys: string[] = [];
  for (let round = 0; round < 60; round++) {
    const batch = strategy.ask(4);
    assert.equal(batch.length, 4);
    keys.push(...batch.map((p) => sharing.ops.key(p.genome)));
    if (round === 30) {
      // Resumed with a batch asked but not told: the pending keys stay taken.
      const state = JSON.parse(JSON.stringify(strategy.state())) as unknown;
      strategy = createMotpe({ ops: sharing.ops, rng, objectives: 3, options: {} });
      strategy.restore(state);
      const next = strategy.ask(4);
      keys.push(...next.map((p) => sharing.ops.key(p.genome)));
      strategy.tell(next.map((p) => sharingEvaluation(p.genome)));
    }
    strategy.tell(batch.map((p) => sharingEvaluation(p.genome)));
  }
  assert.equal(keys.length, 244);
  assert.equal(new Set(keys).size, keys.length, 'no equivalent genome proposed twice');
});

/** Fraction of infeasible proposals among the 100 after 100 evaluations (first gene 4 violates). */
function infeasibleShare(make: (ops: GenomeOps) => Strategy): number {
  const ops = vectorOps([5, 7, 3, 9, 4, 6]);
  const evaluate = (g: number[]): Evaluation => {
    const sum = g.reduce((a, b) => a + b, 0);
    return { genome: g, key: ops.key(g), values: [sum / 28, 1 - sum / 28 + ((g[1]! * 7919) % 11) / 50], violation: g[0] === 4 ? 0.5 : 0 };
  };
  const strategy = make(ops);
  let infeasible = 0;
  for (let i = 0; i < 50; i++) {
    const batch = strategy.ask(4);
    if (i >= 25) infeasible += batch.filter((p) => p.genome[0] === 4).length;
    strategy.tell(batch.map((p) => evaluate(p.genome)));
  }
  return infeasible / 100;
}

test('motpe learns the constraints from violations: infeasible proposals become rare', () => {
  const shares = [1, 2, 3].map((seed) => infeasibleShare((ops) => createMotpe({ ops, rng: makeRng(seed), objectives: 2, options: {} })));
  const random = [1, 2, 3].map((seed) => infeasibleShare((ops) => createRandomSearch({ ops, rng: makeRng(seed), objectives: 2, options: {} })));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(random) > 0.12, `random proposes about 1 in 5 infeasible (got ${mean(random)})`);
  assert.ok(mean(shares) < 0.05, `motpe proposes few infeasible genomes after 100 evaluations (got ${shares.join(', ')})`);
});

test('the split puts whole fronts below, cuts the last by hypervolume, and weights above like Optuna', () => {
  const obs = [
    { values: [0.1, 0.9], violation: 0 },
    { values: [0.5, 0.5], violation: 0 },
    { values: [0.9, 0.1], violation: 0 },
    { values: [0.6, 0.6], violation: 0 },
    { values: [0.0, 0.0], violation: 0.3 },
  ];
  const split = splitObservations(obs, 2);
  assert.equal(split.below.length, 2);
  assert.ok(split.below.every((i) => i <= 2), 'only the first front, never the infeasible point');
  assert.deepEqual(split.above.length, 3);
  assert.ok(split.above.includes(4) && split.above.includes(3));
  assert.ok(split.belowWeights.every((w) => w > 0 && w <= 1));
  // Greedy HSSP keeps the middle point first (largest volume alone), then an extreme.
  assert.equal(greedySubset([[0.1, 0.9], [0.5, 0.5], [0.9, 0.1]], 1)[0], 1);
  assert.deepEqual(defaultWeights(3), [1, 1, 1]);
  const ramp = defaultWeights(30);
  assert.equal(ramp.length, 30);
  assert.ok(ramp[0]! < ramp[4]! && ramp[4]! <= 1 && ramp.slice(5).every((w) => w === 1));
});

test('the categorical Parzen estimator is a density over the whole grid and favours observed genomes', () => {
  const cards = [3, 2, 4];
  const parzen = new CategoricalParzen(cards, [[0, 1, 2], [2, 0, 3]], [1, 0.5]);
  let total = 0;
  for (let a = 0; a < 3; a++) for (let b = 0; b < 2; b++) for (let c = 0; c < 4; c++) total += Math.exp(parzen.logDensity([a, b, c]));
  assert.ok(Math.abs(total - 1) < 1e-9, `sums to ${total}`);
  assert.ok(parzen.logDensity([0, 1, 2]) > parzen.logDensity([2, 0, 3]), 'the heavier component is denser');
  assert.ok(parzen.logDensity([2, 0, 3]) > parzen.logDensity([1, 0, 0]));
  const rng = makeRng(9);
  const counts = new Map<string, number>();
  for (let i = 0; i < 6000; i++) {
    const g = parzen.sample(rng).join(',');
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const expected = Math.exp(parzen.logDensity([0, 1, 2])) * 6000;
  assert.ok(Math.abs((counts.get('0,1,2') ?? 0) - expected) < 0.1 * expected, `sampled ${counts.get('0,1,2')} of about ${expected.toFixed(0)}`);
});
