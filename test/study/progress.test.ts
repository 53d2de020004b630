import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOf, toArchSpec } from '../../src/arch/index.js';
import { loadStudy } from '../../src/study/load.js';
import { StudyWork, trainingWork } from '../../src/study/progress.js';
import { planStudy } from '../../src/study/units.js';
import { repoPath } from './helpers.js';

const { study, space } = loadStudy(repoPath('studies/spin-fmnist-v2.json'));
const plan = planStudy(study, space);
const unit = (name: string) => plan.units.find((u) => u.name === name)!;

test('a training\'s work is FLOPs x (3 x training images + validation images), capped by maxSteps', () => {
  const budget = { ...space.budget, epochs: 2, trainSubset: 1000, validationSize: 500 };
  assert.equal(trainingWork(10, budget), 10 * (3 * 2000 + 500));
  assert.equal(trainingWork(10, { ...budget, maxSteps: 5, batchSize: 64 }), 10 * (3 * 320 + 500));
});

test('the ETA follows work, not trial counts: a doubled-budget trial counts about twice a study-budget one', () => {
  const grid = unit('baselines-s0');
  const control = unit('equal-compute-s0');
  const w64 = grid.genomes![0]!;
  assert.equal(costOf(toArchSpec(space, w64)).params, costOf(toArchSpec(space, control.genomes![0]!)).params);
  const a = new StudyWork(plan, space);
  a.finished(grid, w64);
  const one = a.fraction();
  const b = new StudyWork(plan, space);
  b.finished(control, w64);
  const two = b.fraction();
  assert.ok(one > 0 && one < 0.05, `${one}`);
  assert.ok(two / one > 1.8 && two / one < 2, `${two / one}`);
  // Time left at this pace: (1 - done) / done x elapsed.
  assert.ok(Math.abs(a.etaSeconds(60)! - ((1 - one) / one) * 60) < 1e-6 * a.etaSeconds(60)!);
});

test('a fused model counts its parent\'s training too; resumed trials are done but do not set the pace', () => {
  const fusion = unit('fusion-s0');
  const fused = fusion.genomes!.find((g) => toArchSpec(space, g).init !== 'scratch')!;
  const scratchWork = new StudyWork(plan, space);
  scratchWork.finished(unit('baselines-s0'), unit('baselines-s0').genomes![0]!);
  const fusedWork = new StudyWork(plan, space);
  fusedWork.finished(fusion, fused);
  assert.ok(Math.abs(fusedWork.fraction() / scratchWork.fraction() - 2) < 1e-9);
  const resumed = new StudyWork(plan, space);
  resumed.resumed('shared-s0', 4);
  assert.ok(resumed.fraction() > 0);
  assert.equal(resumed.etaSeconds(100), undefined);
});

test('test units, sized only when they start, add their work then', () => {
  const work = new StudyWork(plan, space);
  const test = unit('test-s0');
  assert.equal(test.trials, 0);
  work.finished(unit('baselines-s0'), unit('baselines-s0').genomes![0]!);
  const before = work.fraction();
  work.started({ ...test, trials: 2, genomes: unit('baselines-s0').genomes });
  assert.ok(work.fraction() < before);
});

test('a search stopped at its compute budget: planned at most that compute, then counted for what it did once it has ended', () => {
  const v3 = loadStudy(repoPath('studies/spin-fmnist-v3.json'));
  const v3plan = planStudy(v3.study, v3.space);
  const search = v3plan.units.find((u) => u.kind === 'search' && u.maxCompute !== undefined)!;
  const next = v3plan.units[v3plan.units.indexOf(search) + 1]!;
  const uncapped = { ...v3plan, units: v3plan.units.map((u) => (u === search ? { ...u, maxCompute: undefined } : u)) };
  const capped = new StudyWork(v3plan, v3.space);
  const free = new StudyWork(uncapped, v3.space);
  const grid = v3plan.units.find((u) => u.kind === 'grid')!;
  capped.finished(grid, grid.genomes![0]!);
  free.finished(grid, grid.genomes![0]!);
  // The same work done is a larger share of the capped plan: the search plans less.
  assert.ok(capped.fraction() > free.fraction(), `${capped.fraction()} vs ${free.fraction()}`);

  // The search runs two trainings and stops (its budget spent): its end settles it, not the next unit's start (units overlap).
  const genome = grid.genomes![0]!;
  capped.started(search);
  capped.finished(search, genome);
  capped.finished(search, genome);
  const during = capped.fraction();
  const etaDuring = capped.etaSeconds(600)!;
  capped.started(next);
  assert.equal(capped.fraction(), during, 'the next unit starting says nothing of the search');
  capped.ended(search.name);
  assert.ok(capped.fraction() > during, 'what the search did not spend leaves the plan');
  assert.ok(capped.etaSeconds(600)! < etaDuring);
  // The search's plan is now exactly its two trainings: the same work against a plan without the search.
  const without = new StudyWork({ ...v3plan, units: v3plan.units.filter((u) => u !== search) }, v3.space);
  without.finished(grid, genome);
  without.finished(search, genome);
  without.finished(search, genome);
  const flops = costOf(toArchSpec(v3.space, genome)).flops;
  const gridWork = trainingWork(flops, { ...v3.space.budget, ...grid.budget });
  const searchWork = trainingWork(flops, { ...v3.space.budget, ...search.budget });
  const done = gridWork + 2 * searchWork;
  // 1/f = total/done, and the settled total is the plan without the search plus its two trainings.
  const expected = 1 / without.fraction() + (2 * searchWork) / done;
  assert.ok(Math.abs(1 / capped.fraction() - expected) < 1e-9 * expected, `${1 / capped.fraction()} vs ${expected}`);
});
