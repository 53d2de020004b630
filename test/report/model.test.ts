import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, plotPoints, REPORT_SCHEMA_VERSION, staircase } from '../../src/report/index.js';
import { sampleDecode, sampleSnapshot, startedSnapshot } from '../fixtures/runs/sample.js';

test('the report lists every trial in creation order with its state and frontier flag', () => {
  const report = buildReport(sampleSnapshot(), { decode: sampleDecode });
  assert.equal(report.schemaVersion, REPORT_SCHEMA_VERSION);
  assert.deepEqual(report.trials.map((t) => t.number), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(
    report.trials.filter((t) => t.onFrontier).map((t) => t.id),
    ['t0005-r0', 't0008-r1', 't0009-r1'],
  );
  assert.deepEqual(report.frontier, ['t0005-r0', 't0008-r1', 't0009-r1'], 'frontier is sorted by accuracy, best first');
  assert.deepEqual(report.run.counts, { pending: 1, running: 1, done: 7, failed: 1, total: 10, infeasible: 1 });
  assert.equal(report.run.inProgress, true);
  assert.equal(report.run.strategy, 'nsga2');
});

test('sharing choices are put in words from the decoded genome', () => {
  const report = buildReport(sampleSnapshot(), { decode: sampleDecode });
  const unshared = report.trials[0]!;
  assert.equal(unshared.backbone, 'ConvMixer-64/8 k5 p2');
  assert.equal(unshared.sharing, 'nothing shared');
  assert.equal(unshared.shared, false);
  const fused = report.trials[2]!;
  assert.equal(fused.sharing, 'pointwise shared r=2 sequential (pointwise AABBCCDD); weight fusion (mean) from the unshared parent');
  assert.equal(fused.init, 'mean');
  assert.equal(fused.parentHash, 'h00000');
  const strided = report.trials[7]!;
  assert.match(strided.sharing, /^pointwise shared r=4 strided \(pointwise ABABABAB\)/);
  assert.match(report.trials[4]!.sharing, /^depthwise\+pointwise shared r=4 strided \(depthwise ABABABAB, pointwise ABABABAB\); from scratch$/);
});

test('without a decoder the label is split into backbone and sharing', () => {
  const report = buildReport(sampleSnapshot());
  assert.equal(report.trials[0]!.backbone, 'ConvMixer-64/8 k5 p2');
  assert.equal(report.trials[0]!.shared, false);
  assert.equal(report.trials[1]!.sharing, 'pointwise shared r=2 sequential');
  assert.equal(report.trials[1]!.init, 'scratch');
  assert.equal(report.trials[2]!.init, 'mean');
  assert.equal(report.backbones.length, 2, 'backbones are grouped by their words instead of the parent hash');
});

test('unfinished and failed trials have no accuracy, failed ones keep their error', () => {
  const report = buildReport(sampleSnapshot(), { decode: sampleDecode });
  const failed = report.trials[4]!;
  assert.equal(failed.state, 'failed');
  assert.equal(failed.valAccuracy, null);
  assert.match(failed.error ?? '', /out of memory/);
  assert.equal(report.trials[7]!.backend, null, 'a pending trial has no backend yet');
  assert.equal(report.trials[8]!.testAccuracy, 0.861);
  assert.equal(report.trials[8]!.checkpoint, 'checkpoints/t0008-r1');
  assert.equal(report.trials[0]!.testAccuracy, null);
});

test('each rung shows its proxy budget from the run configuration', () => {
  const report = buildReport(sampleSnapshot(), { decode: sampleDecode });
  assert.equal(report.trials[0]!.budget, '1 epoch, 2000 images');
  assert.equal(report.trials[8]!.budget, '3 epochs, 10000 images');
});

test('each backbone is compared with its unshared version at the highest common rung', () => {
  const report = buildReport(sampleSnapshot(), { decode: sampleDecode });
  assert.equal(report.backbones.length, 2);
  const small = report.backbones.find((b) => b.parentHash === 'h00000')!;
  assert.equal(small.unsharedTrial, 't0008-r1');
  const byTrial = new Map(small.variants.map((v) => [v.trial, v]));
  assert.deepEqual([...byTrial.keys()].sort(), ['t0001-r0', 't0009-r1']);
  const scratch = byTrial.get('t0001-r0')!;
  assert.equal(scratch.unsharedTrial, 't0000-r0', 'rung 0 is compared with rung 0');
  assert.ok(Math.abs(scratch.compressionRatio - 40_000 / 24_000) < 1e-12);
  assert.ok(Math.abs(scratch.accuracyDelta - (0.83 - 0.85)) < 1e-12);
  const fused = byTrial.get('t0009-r1')!;
  assert.equal(fused.unsharedTrial, 't0008-r1');
  assert.ok(Math.abs(fused.accuracyDelta - (0.866 - 0.87)) < 1e-12);
  const large = report.backbones.find((b) => b.parentHash === 'h10000')!;
  assert.deepEqual(large.variants.map((v) => v.trial), ['t0005-r0'], 'failed and pending variants are not compared');
  assert.ok(Math.abs(large.variants[0]!.compressionRatio - 150_000 / 85_000) < 1e-12);
});

test('a run whose trials are all pending gives an empty frontier and no comparisons', () => {
  const report = buildReport(startedSnapshot(), { decode: sampleDecode });
  assert.equal(report.trials.length, 3);
  assert.deepEqual(report.frontier, []);
  assert.deepEqual(report.backbones, []);
  assert.equal(report.run.counts.pending, 3);
});

test('a trained fusion parent stands in for the unshared version when no unshared trial was measured', () => {
  const snapshot = sampleSnapshot();
  snapshot.trials = snapshot.trials.filter((t) => t.id !== 't0003-r0'); // the only unshared 128-wide trial
  const without = buildReport(snapshot, { decode: sampleDecode });
  assert.deepEqual(without.backbones.find((b) => b.parentHash === 'h10000')!.variants, []);
  const report = buildReport(snapshot, { decode: sampleDecode, parents: [{ hash: 'h10000', label: 'ConvMixer-128/8 k5 p2 · unshared', valAccuracy: 0.875, params: 150_000, flops: 38_000_000 }] });
  const [variant] = report.backbones.find((b) => b.parentHash === 'h10000')!.variants;
  assert.equal(variant!.unsharedTrial, 'parent-h10000');
  assert.ok(Math.abs(variant!.compressionRatio - 150_000 / 85_000) < 1e-12);
  assert.ok(Math.abs(variant!.accuracyDelta - (0.872 - 0.875)) < 1e-12);
  const small = report.backbones.find((b) => b.parentHash === 'h00000')!;
  assert.equal(small.variants.find((v) => v.trial === 't0001-r0')!.unsharedTrial, 't0000-r0', 'a measured unshared trial is preferred');
  assert.deepEqual(report.parents, [
    { id: 'parent-h10000', hash: 'h10000', label: 'ConvMixer-128/8 k5 p2 · unshared', backbone: 'ConvMixer-128/8 k5 p2', params: 150_000, flops: 38_000_000, valAccuracy: 0.875, trainingFlops: 0, trainedImages: 0, trainerSeconds: 0 },
  ]);
  const parentPoint = plotPoints(report).find((p) => p.id === 'parent-h10000')!;
  assert.equal(parentPoint.kind, 'unshared');
  assert.equal(parentPoint.marker, 'fusion parent');
});

test('the plotted frontier is the staircase of accuracy against each cost', () => {
  const report = buildReport(sampleSnapshot(), { decode: sampleDecode });
  const points = plotPoints(report);
  assert.equal(points.length, 7, 'one point per finished trial');
  assert.deepEqual(points.filter((p) => p.measurement === 'superseded').map((p) => p.id), ['t0000-r0', 't0002-r0']);
  assert.deepEqual(staircase(points, 'params').map((p) => p.id), ['t0009-r1', 't0008-r1', 't0005-r0']);
  // t0009-r1 costs as many FLOPs as t0008-r1 but is less accurate: not on the FLOPs staircase.
  assert.deepEqual(staircase(points, 'flops').map((p) => p.id), ['t0008-r1', 't0005-r0']);
});

test('each trial names the process that trained it (host:pid), null where no record says', async () => {
  const snapshot = sampleSnapshot();
  snapshot.trials[0]!.worker = { host: 'gpu-box-2', pid: 4242, backend: 'tensorflow-gpu', id: 'gpu-box-2-4242' };
  const report = buildReport(snapshot, { decode: sampleDecode });
  assert.equal(report.trials[0]!.worker, 'gpu-box-2:4242');
  assert.equal(report.trials[1]!.worker, null);
  const { renderStatus } = await import('../../src/cli/status-command.js');
  const status = renderStatus({ ...snapshot, dir: 'runs/sample' });
  assert.match(status, /trained by: gpu-box-2:4242 tensorflow-gpu \(1 trial\)/);
});
