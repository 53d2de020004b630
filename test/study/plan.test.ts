import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputFileError } from '../../src/errors.js';
import { loadStudy } from '../../src/study/load.js';
import { parseStudy } from '../../src/study/parse.js';
import { evenlySpaced, planStudy } from '../../src/study/units.js';
import { repoPath } from './helpers.js';

test('the shipped study expands into grid, search and fidelity units for every seed', () => {
  const { study, space } = loadStudy(repoPath('studies/spin-fmnist.json'));
  const plan = planStudy(study, space);
  const byKind = (kind: string) => plan.units.filter((u) => u.kind === kind);
  assert.equal(plan.grids.get('scaling')?.length, 6);
  // 3 seeds for every grid and the search, the fidelity check once.
  assert.equal(byKind('search').length, 3);
  assert.equal(byKind('fidelity').length, 1);
  assert.deepEqual(byKind('search').map((u) => u.trials), [6, 6, 6]);
  // The ablations share points (sequential r=2 pointwise appears in four grids): trained once per seed.
  const hashes = byKind('grid').filter((u) => u.seed === 0).flatMap((u) => u.genomes ?? []).map((g) => JSON.stringify(g));
  assert.equal(new Set(hashes).size, hashes.length);
  assert.equal(plan.grids.get('fusion')?.length, 5);
  assert.equal(plan.units.find((u) => u.name === 'fusion-s0')?.trials, 4);
  assert.equal(plan.units.find((u) => u.name === 'fidelity-s0')?.budget.epochs, 3);
});

test('evenly spaced picks keep the first and the last item', () => {
  assert.deepEqual(evenlySpaced([1, 2, 3, 4, 5, 6, 7], 3), [1, 4, 7]);
  assert.deepEqual(evenlySpaced([1, 2], 5), [1, 2]);
  assert.deepEqual(evenlySpaced([1, 2, 3], 1), [1]);
});

const good = {
  name: 'x',
  space: '../search-spaces/convmixer-fmnist-study.json',
  seeds: [0],
  experiments: [{ name: 'g', type: 'grid', base: { width: 32, depth: 4 }, vary: { patch: [2] } }],
};

const cases: [string, (s: Record<string, unknown>) => void, RegExp][] = [
  ['an unknown top-level key', (s) => (s['seed'] = [1]), /field seed is an unknown key: got \[1\]; did you mean "seeds"\?/],
  ['an empty seed list', (s) => (s['seeds'] = []), /field seeds is an empty list: got \[\]; seeds: a non-empty list/],
  ['a negative seed', (s) => (s['seeds'] = [-1]), /field seeds\[0\] is too small \(must be >= 0\): got -1; a seed: an integer from 0/],
  ['an unknown experiment type', (s) => (s['experiments'] = [{ name: 'g', type: 'sweep' }]), /experiments\[0\]\.type is not one of the allowed values: got "sweep"; allowed: "grid", "search", "fidelity", "equal-compute", "test"/],
  ['a search measured against a missing grid', (s) => (s['experiments'] = [...(good.experiments as object[]), { name: 's', type: 'search', budgetOf: 'nope' }]), /experiments\[1\]\.budgetOf: got "nope"; name a grid experiment of this study \(g\)/],
  ['an empty vary list', (s) => (s['experiments'] = [{ name: 'g', type: 'grid', vary: { width: [] } }]), /experiments\[0\]\.vary\.width is an empty list: got \[\]/],
  ['a zero budget', (s) => (s['budget'] = { epochs: 0 }), /field budget\.epochs is too small \(must be >= 1\): got 0; epochs of training per candidate/],
  ['a negative margin', (s) => (s['margin'] = -1), /field margin is too small \(must be >= 0\): got -1; non-inferiority margin/],
  ['a test experiment without an equal-compute experiment', (s) => (s['experiments'] = [...(good.experiments as object[]), { name: 't', type: 'test', from: 'g' }]), /experiments\[1\]\.from: got "g"; name an equal-compute experiment of this study \(none defined\)/],
  ['an equal-compute experiment naming a missing grid', (s) => (s['experiments'] = [...(good.experiments as object[]), { name: 'e', type: 'equal-compute', of: ['nope'] }]), /experiments\[1\]\.of: got "nope"; name a grid experiment/],
  ['a search with a zero trial count', (s) => (s['experiments'] = [...(good.experiments as object[]), { name: 's', type: 'search', budgetOf: 'g', trials: 0 }]), /experiments\[1\]\.trials is too small \(must be >= 1\): got 0/],
];

for (const [what, edit, message] of cases) {
  test(`a study file with ${what} is refused with the field named`, () => {
    const study = structuredClone(good) as Record<string, unknown>;
    edit(study);
    assert.throws(() => parseStudy(study, 'studies/x.json'), (error: unknown) => error instanceof InputFileError && message.test(error.message) && error.message.startsWith('studies/x.json: '));
  });
}

test('a grid point outside the space names the point and the allowed values', () => {
  const file = repoPath('test/fixtures/studies/out-of-space.json');
  assert.throws(() => planStudy(loadStudy(file).study, loadStudy(file).space), /out-of-space\.json: field experiments\[0\] \(point \{"width":100\}\).*not a choice/);
});
