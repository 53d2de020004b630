import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dominates, nonDominatedSort, paretoRanks } from '../../src/pareto/index.js';

function naiveRanks(points: number[][]): number[] {
  const ranks = new Array<number>(points.length).fill(-1);
  let remaining = points.map((_, i) => i);
  for (let r = 0; remaining.length > 0; r++) {
    const front = remaining.filter((i) => !remaining.some((j) => dominates(points[j]!, points[i]!)));
    for (const i of front) ranks[i] = r;
    remaining = remaining.filter((i) => !front.includes(i));
  }
  return ranks;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('a hand-computed two-objective set splits into the expected fronts', () => {
  const points = [
    [1, 5], // 0: front 0
    [2, 3], // 1: front 0
    [4, 1], // 2: front 0
    [3, 4], // 3: dominated by 1 -> front 1
    [5, 5], // 4: dominated by 3 -> front 2
    [2, 3], // 5: equal to 1 -> front 0
  ];
  const fronts = nonDominatedSort(points).map((f) => [...f].sort((a, b) => a - b));
  assert.deepEqual(fronts, [[0, 1, 2, 5], [3], [4]]);
});

test('directions are honoured (accuracy maximised, params minimised)', () => {
  const points = [
    [0.9, 100],
    [0.8, 50],
    [0.7, 100], // dominated by both
  ];
  assert.deepEqual(paretoRanks(points, ['maximize', 'minimize']), [0, 0, 1]);
});

test('ranks match a naive sort on random 2-, 3- and 4-objective sets with ties', () => {
  const rng = lcg(7);
  for (const m of [2, 3, 4]) {
    for (let rep = 0; rep < 5; rep++) {
      const points = Array.from({ length: 150 }, () => Array.from({ length: m }, () => Math.floor(rng() * 6)));
      assert.deepEqual(paretoRanks(points), naiveRanks(points), `m=${m} rep=${rep}`);
    }
  }
});

// Its speed (10,000 points) is a benchmark figure: `npm run bench:search`, part (d).
test('10,000 three-objective points split into a partition of valid fronts', () => {
  const rng = lcg(3);
  const points = Array.from({ length: 10_000 }, () => [rng(), rng(), rng()]);
  const fronts = nonDominatedSort(points);
  assert.deepEqual(fronts.flat().sort((a, b) => a - b), points.map((_, i) => i));
  // Sampled checks: within a front no point dominates another; each point of front k > 0
  // is dominated by some point of front k - 1.
  for (let k = 0; k < fronts.length; k++) {
    const front = fronts[k]!;
    const sample = front.slice(0, 20);
    for (const i of sample) {
      assert.ok(!front.some((j) => dominates(points[j]!, points[i]!)), `front ${k} holds a dominated point ${i}`);
      if (k > 0) assert.ok(fronts[k - 1]!.some((j) => dominates(points[j]!, points[i]!)), `point ${i} of front ${k} is not dominated by front ${k - 1}`);
    }
  }
});
