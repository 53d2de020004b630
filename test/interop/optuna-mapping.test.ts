/**
 * The run -> Optuna journal mapping, without Optuna: gene distributions, trial states,
 * values, constraint values, attributes, and the builder's incremental updates (--watch).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  JournalBuilder,
  OP,
  TRIAL_STATE,
  geneParameters,
  integerRange,
  optunaDatetime,
  pythonJson,
  runJournal,
  trialView,
  type JournalOperation,
  type TrialView,
} from '../../src/interop/optuna/index.js';
import { RunStoreError } from '../../src/errors.js';
import { spaceProblem } from '../../src/search/index.js';
import { loadSpace } from '../../src/space/index.js';
import type { Genome } from '../../src/space/types.js';
import type { RunSnapshot, TrialRecord } from '../../src/store/index.js';

const space = loadSpace('search-spaces/convmixer-fmnist.json');
const problem = spaceProblem(space);
const parameters = geneParameters(space);

/** width 32, depth 4, patch 4, kernel 3, unshared: about 6k parameters (feasible). */
const SMALL: Genome = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
/** width 64, depth 8, patch 2, kernel 5, unshared: over maxParams 40000 (infeasible). */
const LARGE: Genome = [2, 2, 0, 1, 0, 0, 0, 0, 0, 0];

function record(id: string, genome: Genome, state: TrialRecord['state'], extra: Partial<TrialRecord> = {}): TrialRecord {
  const c = problem.describe(genome);
  const r: TrialRecord = {
    id, number: Number(id.slice(1, 5)), genome: c.genome, hash: c.hash, rung: Number(id.slice(-1)), state, seed: 7,
    label: c.label, cost: c.cost, infeasible: c.violation > 0, createdAt: '2026-11-30T10:00:00.000Z', ...extra,
  };
  if (state !== 'pending' && r.startedAt === undefined) r.startedAt = '2026-11-30T10:00:01.250Z';
  if ((state === 'done' || state === 'failed') && r.finishedAt === undefined) r.finishedAt = '2026-11-30T10:00:09.500Z';
  if (state === 'done' && r.result === undefined) {
    r.result = { trialId: id, valAccuracy: 0.8, valLoss: 0.5, lossCurve: [1], wallSeconds: 8, imagesPerSecond: 1, imagesSeen: 3000, backend: 'wasm', trainableParams: c.cost.params, checkpoint: `checkpoints/trials/${id}` };
  }
  return r;
}

function snapshot(trials: TrialRecord[], history = [{ trials: 1, value: 0.5 }]): RunSnapshot {
  return {
    dir: 'runs/x', name: 'x', space, config: { strategy: 'nsga2', rungs: [{ trainSubset: 3000 }, { trainSubset: 12000 }] }, trials, frontier: [],
    hypervolume: { value: history.at(-1)?.value ?? 0, reference: [1.1, 1.1, 1.1], normalisation: 'n', history }, parents: {},
  };
}

function view(r: TrialRecord): TrialView {
  const v = trialView(snapshot([r]), r, parameters);
  assert.notEqual(typeof v, 'string', typeof v === 'string' ? v : 'a trial view');
  return v as TrialView;
}

test('integer genes evenly spaced become an IntDistribution with exactly their values; others stay categorical', () => {
  assert.deepEqual(integerRange([32, 48, 64]), { step: 16, low: 32, high: 64 });
  assert.deepEqual(integerRange([64, 32, 48]), { step: 16, low: 32, high: 64 }, 'order in the file does not matter');
  assert.deepEqual(integerRange([3]), { step: 1, low: 3, high: 3 });
  assert.equal(integerRange([1, 2, 4]), null, 'uneven: 3 would look possible');
  assert.equal(integerRange([2, 2]), null);
  assert.equal(integerRange([1.5, 2.5]), null);
  assert.equal(integerRange(['a']), null);

  const byName = Object.fromEntries(parameters.map((p) => [p.name, p]));
  assert.deepEqual(parameters.map((p) => p.name), ['width', 'depth', 'patch', 'kernel', 'components', 'shareRate', 'distribution', 'mapping', 'init', 'mappingSeed']);
  assert.equal(byName['width']!.json, '{"name": "IntDistribution", "attributes": {"log": false, "step": 16, "low": 32, "high": 64}}');
  assert.equal(byName['mappingSeed']!.json, '{"name": "IntDistribution", "attributes": {"log": false, "step": 1, "low": 0, "high": 2}}');
  assert.equal(byName['shareRate']!.json, '{"name": "CategoricalDistribution", "attributes": {"choices": [1, 2, 4]}}');
  assert.deepEqual(byName['components']!.distribution.attributes, { choices: ['none', 'pointwise', 'depthwise', 'pointwise+depthwise'] });
  assert.equal(byName['width']!.internal(2), 64, 'an int parameter stores its value');
  assert.equal(byName['init']!.internal(3), 3, 'a categorical parameter stores the choice index, as the genome does');
  assert.equal(byName['init']!.external(3), 'scalar_weighted_mean');
});

test('pythonJson writes what Python json.dumps writes', () => {
  assert.equal(pythonJson({ a: [1, 'x', null, true], b: { c: 0.5 } }), '{"a": [1, "x", null, true], "b": {"c": 0.5}}');
});

test('times are written as Optuna writes them: local wall-clock time, microseconds, no zone', () => {
  const text = optunaDatetime(new Date('2026-11-30T10:00:01.250Z'));
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})000$/.exec(text);
  assert.ok(m, text);
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  assert.equal(new Date(y, mo - 1, d, h, mi, s, ms).toISOString(), '2026-11-30T10:00:01.250Z');
});

test('each spin-nas state maps to its Optuna state, with values and times only where Optuna has them', () => {
  const done = view(record('t0001-r0', SMALL, 'done'));
  assert.equal(done.state, 'COMPLETE');
  assert.deepEqual(done.values, [0.8, problem.describe(SMALL).cost.params, problem.describe(SMALL).cost.flops], 'accuracy, params, flops: the space order');
  assert.ok(done.datetimeStart !== null && done.datetimeComplete !== null);

  const failed = view(record('t0002-r0', SMALL, 'failed', { error: 'out of memory' }));
  assert.equal(failed.state, 'FAIL');
  assert.equal(failed.values, null);
  assert.equal(failed.userAttrs['error'], 'out of memory');
  assert.deepEqual(failed.systemAttrs, {}, 'Optuna records constraints for complete trials only');

  const running = view(record('t0003-r0', SMALL, 'running'));
  assert.equal(running.state, 'RUNNING');
  assert.equal(running.datetimeStart, optunaDatetime(new Date('2026-11-30T10:00:01.250Z')));
  assert.equal(running.datetimeComplete, null);

  const pending = view(record('t0004-r0', SMALL, 'pending'));
  assert.equal(pending.state, 'WAITING');
  assert.equal(pending.datetimeStart, null, 'a waiting trial has not started');

  const nan = record('t0005-r0', SMALL, 'done');
  nan.result!.valAccuracy = Number.NaN;
  const v = view(nan);
  assert.equal(v.state, 'FAIL', 'Optuna fails a trial whose objective is not finite');
  assert.match(String(v.userAttrs['error']), /finished without a finite accuracy \(got NaN\)/);
});

test('constraint values follow Optuna: cost minus limit, > 0 exactly for infeasible trials', () => {
  const feasible = record('t0001-r0', SMALL, 'done');
  const infeasible = record('t0002-r0', LARGE, 'done');
  assert.equal(feasible.infeasible, false);
  assert.equal(infeasible.infeasible, true);
  assert.deepEqual(view(feasible).systemAttrs, { constraints: [feasible.cost.params - 40000] });
  assert.deepEqual(view(infeasible).systemAttrs, { constraints: [infeasible.cost.params - 40000] });
  assert.ok((view(feasible).systemAttrs['constraints'] as number[])[0]! <= 0);
  assert.ok((view(infeasible).systemAttrs['constraints'] as number[])[0]! > 0);
  assert.equal(view(infeasible).userAttrs['infeasible'], true);
});

test('user attributes carry the trial, its budget, parent and worker; absent fields are left out', () => {
  const fused = record('t0006-r1', [0, 0, 1, 0, 1, 1, 0, 0, 1, 0], 'done', { backend: 'wasm' });
  const snap = snapshot([fused]);
  const arch = problem.describe(fused.genome).arch;
  snap.parents = { [arch.parentHash]: { hash: arch.parentHash, label: 'parent', state: 'done', checkpoint: 'runs/x/checkpoints/p', finishedAt: '' } };
  const attrs = (trialView(snap, fused, parameters) as TrialView).userAttrs;
  assert.equal(attrs['trial_id'], 't0006-r1');
  assert.equal(attrs['rung'], 1);
  assert.deepEqual(attrs['budget'], { trainSubset: 12000 });
  assert.equal(attrs['label'], fused.label);
  assert.equal(attrs['seed'], 7);
  assert.equal(attrs['backend'], 'wasm');
  assert.equal(attrs['checkpoint'], 'checkpoints/trials/t0006-r1');
  assert.deepEqual(attrs['parent'], { hash: arch.parentHash, init: 'mean', label: 'parent', checkpoint: 'runs/x/checkpoints/p' });
  assert.equal('worker' in attrs, false, 'no worker recorded, none exported');
  assert.equal('error' in attrs, false);

  const withWorker = record('t0007-r0', SMALL, 'done', { worker: { host: 'box', pid: 42, backend: 'wasm', id: 'w1' } });
  assert.deepEqual(view(withWorker).userAttrs['worker'], { host: 'box', pid: 42, backend: 'wasm', id: 'w1' });
  assert.equal('parent' in view(withWorker).userAttrs, false, 'a scratch trial has no parent');
});

test('a trial that cannot be read is left out with its reason; the others are exported', () => {
  const bad = record('t0008-r0', SMALL, 'done');
  bad.genome = [9, 9];
  const odd = record('t0009-r0', SMALL, 'done');
  (odd as { state: string }).state = 'exploded';
  const { operations, skipped } = runJournal(snapshot([record('t0001-r0', SMALL, 'done'), bad, odd]));
  assert.equal(operations.filter((o) => o.op_code === OP.createTrial).length, 1);
  assert.equal(skipped.length, 2);
  assert.match(skipped[0]!, /^trial t0008-r0: genome \[9,9\] does not fit the run's space: a genome of this space has 10 genes/);
  assert.match(skipped[1]!, /^trial t0009-r0: unknown state "exploded"/);
});

test('a run store without usable objectives is refused with the file and field', () => {
  const snap = snapshot([]);
  snap.space = { ...space, objectives: [{ metric: 'speed', direction: 'maximize' }] as never };
  assert.throws(() => runJournal(snap), (e: unknown) => e instanceof RunStoreError && /runs\/x\/run\.json: field space\.objectives\[0\]\.metric: got "speed"; expected accuracy, params, flops/.test(e.message));
});

test('the journal starts with the study, then one CREATE_TRIAL per trial holding everything', () => {
  const { operations } = runJournal(snapshot([record('t0001-r0', SMALL, 'done'), record('t0002-r0', SMALL, 'pending')]), 'w');
  assert.deepEqual(operations[0], { op_code: OP.createStudy, worker_id: 'w', study_name: 'x', directions: [2, 1, 1] });
  assert.ok(operations.every((o) => o.worker_id === 'w'));
  const hv = operations.find((o) => o.op_code === OP.setStudyUserAttr && 'hypervolume' in (o['user_attr'] as object));
  assert.deepEqual((hv!['user_attr'] as { hypervolume: { history: unknown } }).hypervolume.history, [{ trials: 1, value: 0.5 }]);
  const created = operations.filter((o) => o.op_code === OP.createTrial);
  assert.deepEqual(created.map((o) => o['state']), [TRIAL_STATE.COMPLETE, TRIAL_STATE.WAITING]);
  assert.equal('datetime_complete' in created[1]!, false, 'an unfinished trial has no completion time');
  assert.deepEqual(Object.keys(created[0]!['params'] as object), parameters.map((p) => p.name));
});

test('the builder appends only what changed: a trial starting, finishing, a new hypervolume', () => {
  const builder = new JournalBuilder('w');
  const pending = record('t0001-r0', LARGE, 'pending');
  const first = builder.update(snapshot([pending])).operations;
  assert.equal(first.filter((o) => o.op_code === OP.createTrial).length, 1);
  assert.deepEqual(builder.update(snapshot([pending])).operations, [], 'nothing changed, nothing written');

  const running = record('t0001-r0', LARGE, 'running', { backend: 'wasm' });
  const started = builder.update(snapshot([running])).operations;
  assert.deepEqual(started.map((o) => o.op_code), [OP.setTrialUserAttr, OP.setTrialStateValues]);
  assert.deepEqual(started[1], { op_code: OP.setTrialStateValues, worker_id: 'w', trial_id: 0, state: TRIAL_STATE.RUNNING, values: null, datetime_start: view(running).datetimeStart });

  const done = record('t0001-r0', LARGE, 'done', { backend: 'wasm', worker: { host: 'h', pid: 1, backend: 'wasm' } });
  const fresh = record('t0002-r0', SMALL, 'done');
  const finished = builder.update(snapshot([done, fresh], [{ trials: 1, value: 0.5 }, { trials: 2, value: 0.6 }])).operations;
  const codes = finished.map((o) => o.op_code);
  assert.equal(codes[0], OP.setStudyUserAttr, 'the new hypervolume');
  const forTrial0 = finished.filter((o) => o['trial_id'] === 0);
  assert.deepEqual(forTrial0.at(-1), { op_code: OP.setTrialStateValues, worker_id: 'w', trial_id: 0, state: TRIAL_STATE.COMPLETE, values: view(done).values, datetime_complete: view(done).datetimeComplete });
  const keys = forTrial0.slice(0, -1).map((o) => Object.keys((o['user_attr'] ?? o['system_attr']) as object)[0]);
  assert.deepEqual(keys.sort(), ['checkpoint', 'constraints', 'trained_images', 'trainer_seconds', 'training_flops', 'trainings', 'worker'], 'attributes before the state: Optuna ignores updates to a finished trial');
  assert.equal(finished.filter((o: JournalOperation) => o.op_code === OP.createTrial).length, 1, 'the new trial');
  assert.deepEqual(builder.update(snapshot([done, fresh], [{ trials: 1, value: 0.5 }, { trials: 2, value: 0.6 }])).operations, []);
});

test('a waiting trial that finishes between two looks is started first, so it has a start time', () => {
  const builder = new JournalBuilder('w');
  builder.update(snapshot([record('t0001-r0', SMALL, 'pending')]));
  const ops = builder.update(snapshot([record('t0001-r0', SMALL, 'done')])).operations.filter((o) => o.op_code === OP.setTrialStateValues);
  assert.deepEqual(ops.map((o) => o['state']), [TRIAL_STATE.RUNNING, TRIAL_STATE.COMPLETE]);
});

test('a trial carries its training cost (every attempt) and the parent training it started as user attributes', () => {
  const charge = { images: 6000, flops: 3 * 1e6 * 6000, seconds: 12.5, trainings: 2, estimated: 1 };
  const parentCharge = { images: 3000, flops: 9e9, seconds: 4, trainings: 1 };
  const attrs = view(record('t0004-r0', SMALL, 'done', { compute: charge, parentCompute: parentCharge })).userAttrs;
  assert.equal(attrs['training_flops'], charge.flops);
  assert.equal(attrs['trained_images'], 6000);
  assert.equal(attrs['trainer_seconds'], 12.5);
  assert.equal(attrs['trainings'], 2);
  assert.equal(attrs['parent_training_flops'], 9e9);
  const { operations } = runJournal(snapshot([record('t0004-r0', SMALL, 'done', { compute: charge })]));
  const study = operations.find((o) => o.op_code === OP.setStudyUserAttr && 'compute' in (o['user_attr'] as object));
  assert.equal((study!['user_attr'] as { compute: { total: { flops: number } } }).compute.total.flops, charge.flops);
});
