import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { buildReport, renderReport } from '../../src/report/index.js';
import { runSearchSession, type Evaluation, type StrategyFactory } from '../../src/search/index.js';
import { createNsga2 } from '../../src/search/strategies/index.js';
import { imagesSeen } from '../../src/space/index.js';
import { loadRunSnapshot, runCompute, trialCompute, type RunDocument } from '../../src/store/index.js';
import { renderStatus } from '../../src/cli/status-command.js';
import { RecordingExecutor, SPACE, runsDir } from './helpers.js';

test('every training is charged: trials at every rung and fusion parents, 3 x forward FLOPs x images', async () => {
  const executor = new RecordingExecutor();
  const { dir, outcome } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 16, workers: 3, executor });
  const s = await loadRunSnapshot(dir);
  const rungs = s.config['rungs'] as Parameters<typeof imagesSeen>[0][];
  for (const t of s.trials) {
    assert.ok(t.compute, `${t.id} has a charge`);
    assert.equal(t.compute.trainings, 1);
    assert.equal(t.compute.images, imagesSeen(rungs[t.rung]!));
    assert.equal(t.compute.flops, 3 * t.cost.flops * t.compute.images);
  }
  assert.ok(s.trials.some((t) => t.rung === 1), 'promotions were charged too');
  const parents = Object.values(s.parents ?? {});
  assert.ok(parents.length > 0, 'the run trained fusion parents');
  assert.equal(parents.length, executor.requests.filter((r) => r.trialId.startsWith('parent-')).length);
  for (const p of parents) assert.ok(p.compute && p.compute.flops > 0 && p.compute.images === imagesSeen(rungs[0]!));
  // Each parent's cost is carried by exactly one trial (the one that made it train).
  const carried = s.trials.filter((t) => t.parentCompute !== undefined);
  assert.equal(carried.length, parents.length);
  const c = runCompute(s);
  const sum = s.trials.reduce((a, t) => a + t.compute!.flops, 0) + parents.reduce((a, p) => a + p.compute!.flops, 0);
  assert.equal(c.total.flops, sum);
  assert.equal(c.total.trainings, s.trials.length + parents.length);
  assert.equal(outcome.compute, sum);
  // The hypervolume history records cumulative compute, never decreasing, ending at the total.
  const history = s.hypervolume.history.map((p) => p.compute!);
  assert.ok(history.every((v, i) => i === 0 || v >= history[i - 1]!));
  assert.equal(history[history.length - 1], sum);
});

test('the strategy is told each evaluation cost, with the parent training it started', async () => {
  const told: Evaluation[] = [];
  const factory: StrategyFactory = (context) => {
    const inner = createNsga2(context);
    return { ...inner, tell: (evaluations) => (told.push(...evaluations), inner.tell(evaluations)) };
  };
  const { dir } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 12, workers: 2, strategyFactory: factory, executor: new SyntheticExecutor() });
  const s = await loadRunSnapshot(dir);
  assert.ok(told.length >= 12);
  for (const e of told) {
    const t = s.trials.find((x) => x.hash === e.key && x.rung === 0)!;
    assert.equal(e.compute!.flops, trialCompute(t).flops + (t.parentCompute?.flops ?? 0));
  }
  assert.ok(told.some((e) => e.compute!.flops > trialCompute(s.trials.find((x) => x.hash === e.key && x.rung === 0)!).flops), 'some evaluation carries a parent');
});

test('--max-compute stops starting trainings at the budget; the trainings in flight finish', async () => {
  const first = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 16, workers: 1, executor: new SyntheticExecutor() });
  const full = runCompute(await loadRunSnapshot(first.dir)).total.flops;
  const budget = full / 4;
  const { dir, outcome } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 16, workers: 1, maxCompute: budget, executor: new SyntheticExecutor() });
  const s = await loadRunSnapshot(dir);
  assert.equal(outcome.budgetSpent, true);
  const c = runCompute(s);
  assert.ok(c.total.flops >= budget, 'stopped only once the budget was reached');
  assert.ok(c.total.flops < full / 2, `stopped near the budget (${c.total.flops} of ${full})`);
  assert.equal(c.budget, budget);
  assert.ok(s.trials.every((t) => t.state === 'done'), 'nothing left running or pending');
  assert.match(renderStatus(s), /budget \(--max-compute\) .* TFLOP: \d+% spent/);
  // Resumed without a budget, the run goes on to its trial count.
  const resumed = await runSearchSession({ spaceFile: SPACE, runsDir: join(dir, '..'), name: 'convmixer-fmnist', trials: 16, workers: 1, executor: new SyntheticExecutor() });
  assert.equal(resumed.outcome.budgetSpent, false);
  assert.equal((await loadRunSnapshot(dir)).trials.filter((t) => t.rung === 0).length, 16);
});

test('a failed training is charged at its budget and marked estimated', async () => {
  const executor = new SyntheticExecutor({ failWhen: (r) => r.trialId === 't0001-r0' });
  const { dir } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 4, workers: 1, executor });
  const s = await loadRunSnapshot(dir);
  const failed = s.trials.find((t) => t.id === 't0001-r0')!;
  assert.equal(failed.state, 'failed');
  assert.equal(failed.compute?.estimated, 1);
  assert.equal(failed.compute?.images, imagesSeen((s.config['rungs'] as Parameters<typeof imagesSeen>[0][])[0]!));
  assert.equal(runCompute(s).total.estimated, 1);
});

test('a run stored before compute accounting loads, and its charges are derived from the results', async () => {
  const { dir } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 6, workers: 2, executor: new SyntheticExecutor() });
  const file = join(dir, 'run.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as RunDocument;
  const expected = runCompute(doc);
  for (const t of doc.trials) {
    delete t.compute;
    delete t.parentCompute;
  }
  for (const p of Object.values(doc.parents)) delete p.compute;
  for (const h of doc.hypervolume.history) delete h.compute;
  await writeFile(file, JSON.stringify(doc));
  const s = await loadRunSnapshot(dir);
  const c = runCompute(s);
  assert.equal(c.trials.flops, expected.trials.flops, 'trial charges derived from images seen and forward FLOPs');
  assert.equal(c.parents.images, expected.parents.images);
  const report = buildReport(s);
  assert.ok(report.hypervolume.history.every((p) => p.compute === null));
  assert.equal(report.compute.trials.flops, expected.trials.flops);
  assert.match(renderReport(s, 'md'), /## Compute\n\n- Total: [\d.]+ TFLOP/);
});
