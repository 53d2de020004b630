import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crowdingDistance } from '../../src/pareto/index.js';

test('boundary points get infinite distance and inner points the normalised neighbour gaps', () => {
  // f0 span 4, f1 span 4
  const points = [
    [0, 4],
    [1, 2],
    [3, 1],
    [4, 0],
  ];
  const d = crowdingDistance(points);
  assert.equal(d[0], Infinity);
  assert.equal(d[3], Infinity);
  // point 1: f0 neighbours 0 and 3 -> 3/4; f1 neighbours 1 and 4 -> 3/4
  assert.ok(Math.abs(d[1]! - 1.5) < 1e-12);
  // point 2: f0 neighbours 1 and 4 -> 3/4; f1 neighbours 0 and 2 -> 2/4
  assert.ok(Math.abs(d[2]! - 1.25) < 1e-12);
});

test('two or fewer points are all boundary points', () => {
  assert.deepEqual(crowdingDistance([[1, 2], [2, 1]]), [Infinity, Infinity]);
  assert.deepEqual(crowdingDistance([]), []);
});
