import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume } from '../../src/pareto/index.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test('two-objective hypervolume of a staircase is the sum of its rectangles', () => {
  // reference (4,4); points (1,3), (2,2), (3,1): 3*1 + 2*1 + 1*1 = 6
  close(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4]), 6);
  // a dominated point and a point outside the reference add nothing
  close(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], [4, 4]), 6);
});

test('three-objective hypervolume of two boxes counts their overlap once', () => {
  // reference (2,2,2); (0,0,1) box = 2*2*1 = 4; (1,1,0) box = 1*1*2 = 2; overlap = 1*1*1
  close(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2]), 5);
  close(hypervolume([[0, 0, 0]], [1, 2, 3]), 6);
});

test('one-objective hypervolume is the distance from the best point to the reference', () => {
  close(hypervolume([[0.3], [0.5]], [1]), 0.7);
});

test('an empty set has zero hypervolume and too many objectives are refused', () => {
  assert.equal(hypervolume([], [1, 1]), 0);
  assert.throws(() => hypervolume([[0, 0, 0, 0]], [1, 1, 1, 1]), /1 to 3 objectives/);
});

test('three-objective hypervolume matches a Monte-Carlo estimate', () => {
  let s = 11;
  const rng = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const points = Array.from({ length: 30 }, () => [rng(), rng(), rng()]);
  const exact = hypervolume(points, [1, 1, 1]);
  let hits = 0;
  const samples = 40_000;
  for (let i = 0; i < samples; i++) {
    const q = [rng(), rng(), rng()];
    if (points.some((p) => p[0]! <= q[0]! && p[1]! <= q[1]! && p[2]! <= q[2]!)) hits++;
  }
  assert.ok(Math.abs(hits / samples - exact) < 0.015, `exact ${exact} vs estimate ${hits / samples}`);
});
