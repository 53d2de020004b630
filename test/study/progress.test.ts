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
