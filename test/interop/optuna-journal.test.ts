/**
 * End to end against the real Optuna (Debian python3-optuna 3.1): a synthetic search with
 * failed and infeasible trials over two rungs is exported with the CLI while the run's lock
 * is held, and Optuna's JournalStorage reads back every trial's state, parameters, values
 * and constraint values; study.best_trials over the feasible trials of each rung is the
 * frontier spin-nas's Pareto functions give for that rung. Then the same run as if it were
 * still in progress, with a damaged trial, and cut off half-way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { geneParameters, objectiveValues } from '../../src/interop/optuna/index.js';
import { nonDominatedSort } from '../../src/pareto/index.js';
import { runSearchSession } from '../../src/search/index.js';
import { acquireRunLock, loadRunSnapshot, type RunDocument, type RunSnapshot } from '../../src/store/index.js';
import { runCli } from '../helpers.js';
import { optunaMissing, readWithOptuna } from './optuna-python.js';

let root = '';
let run = '';
let snapshot: RunSnapshot;
const FAILING = new Set(['t0002-r0', 't0009-r0']);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'spin-nas-optuna-'));
  // The main space with tighter limits on both costs, so that the search trains infeasible trials too.
  const space = JSON.parse(readFileSync('search-spaces/convmixer-fmnist.json', 'utf8')) as { constraints: object; $schema?: string };
  space.constraints = { maxParams: 20000, maxFlops: 8_000_000 };
  delete space.$schema;
  const spaceFile = join(root, 'tight.json');
  writeFileSync(spaceFile, JSON.stringify(space));
  const executor = new SyntheticExecutor({ failWhen: (r) => FAILING.has(r.trialId) });
  const session = await runSearchSession({ spaceFile, runsDir: root, name: 'run', trials: 24, workers: 2, seed: 11, executor });
  run = session.dir;
  snapshot = await loadRunSnapshot(run);
});

after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const STATES: Record<string, string> = { done: 'COMPLETE', failed: 'FAIL', running: 'RUNNING', pending: 'WAITING' };

test('the fixture run has failed and infeasible trials on two rungs', () => {
  assert.equal(snapshot.trials.filter((t) => t.state === 'failed').length, 2);
  assert.ok(snapshot.trials.some((t) => t.state === 'done' && t.infeasible), 'an infeasible trial was trained');
  assert.ok(snapshot.trials.some((t) => t.rung === 1 && t.state === 'done'), 'trials were promoted to rung 1');
});

test('Optuna reads the exported run: trial count, states, parameters, values, constraints and study attributes', async (t) => {
  if (optunaMissing(t)) return;
  const out = join(root, 'run.log');
  const release = acquireRunLock(run); // as while a search writes the run: exporting must not need the lock
  let exported;
  try {
    exported = await runCli(['export', run, '--format', 'optuna-journal', '--out', out]);
  } finally {
    release();
  }
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stderr, '');
  assert.match(exported.stdout, new RegExp(`wrote ${out}: study "run", ${snapshot.trials.length} trials`));

  const optuna = readWithOptuna(out);
  t.diagnostic(`optuna ${optuna.optuna} read ${optuna.n_trials} trials`);
  assert.equal(optuna.study_name, 'run');
  assert.deepEqual(optuna.directions, ['MAXIMIZE', 'MINIMIZE', 'MINIMIZE']);
  assert.deepEqual(optuna.metric_names, ['accuracy', 'params', 'flops']);
  assert.equal(optuna.distributions_match, true, 'distribution strings are what distribution_to_json writes');
  assert.equal(optuna.n_trials, snapshot.trials.length);
  assert.deepEqual((optuna.user_attrs['hypervolume'] as { history: unknown }).history, snapshot.hypervolume.history);

  const parameters = geneParameters(snapshot.space);
  snapshot.trials.forEach((record, i) => {
    const trial = optuna.trials[i]!;
    assert.equal(trial.number, i);
    assert.equal(trial.user_attrs['trial_id'], record.id);
    assert.equal(trial.user_attrs['rung'], record.rung);
    assert.equal(trial.user_attrs['label'], record.label);
    assert.equal(trial.state, STATES[record.state], record.id);
    const params = Object.fromEntries(parameters.map((p, g) => [p.name, p.external(record.genome[g]!)]));
    assert.deepEqual(trial.params, params, `${record.id} parameters`);
    assert.equal(trial.distributions['width'], 'IntDistribution');
    assert.equal(trial.distributions['shareRate'], 'CategoricalDistribution');
    if (record.state === 'done') {
      assert.deepEqual(trial.values, objectiveValues(snapshot.space, record), `${record.id} values`);
      const limits = [record.cost.params - 20000, record.cost.flops - 8_000_000];
      assert.deepEqual(trial.constraints, limits, `${record.id}: cost minus limit, maxParams then maxFlops`);
      assert.equal(limits.some((c) => c > 0), record.infeasible, `${record.id}: a constraint value > 0 exactly when infeasible`);
    } else {
      assert.equal(trial.values, null);
      assert.equal(trial.constraints, null);
      assert.match(String(trial.user_attrs['error']), /synthetic failure/);
    }
    assert.ok(trial.datetime_start !== null && trial.datetime_complete !== null);
  });

  const rungs = [...new Set(snapshot.trials.map((r) => r.rung))];
  assert.deepEqual(Object.keys(optuna.best_feasible_by_rung).map(Number), rungs);
  for (const rung of rungs) {
    const feasible = snapshot.trials.filter((r) => r.rung === rung && r.state === 'done' && !r.infeasible);
    const points = feasible.map((r) => objectiveValues(snapshot.space, r) as number[]);
    const front = nonDominatedSort(points, snapshot.space.objectives.map((o) => o.direction))[0] ?? [];
    const ours = front.map((i) => feasible[i]!.hash).sort();
    const hashOf = new Map(snapshot.trials.map((r) => [r.id, r.hash]));
    const theirs = optuna.best_feasible_by_rung[String(rung)]!.map((id) => hashOf.get(id)!).sort();
    assert.ok(ours.length > 0);
    t.diagnostic(`rung ${rung}: ${feasible.length} feasible done trials, frontier of ${ours.length}`);
    assert.deepEqual(theirs, ours, `rung ${rung}: Optuna's best_trials are spin-nas's frontier`);
  }
  assert.ok(optuna.best_trials.length > 0, 'study.best_trials over the whole study');
});

test('a run in progress exports its running and waiting trials; a damaged trial is left out with a warning', async (t) => {
  if (optunaMissing(t)) return;
  const doc = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunDocument;
  const [running, pending] = doc.trials.slice(-2) as [RunDocument['trials'][number], RunDocument['trials'][number]];
  Object.assign(running, { state: 'running' });
  delete running.result;
  delete running.finishedAt;
  Object.assign(pending, { state: 'pending' });
  for (const key of ['result', 'startedAt', 'finishedAt', 'backend'] as const) delete pending[key];
  // Its own (hash, rung): a run holds each architecture once per rung (src/store/integrity.ts).
  doc.trials.push({ ...pending, id: 't0999-r0', genome: [1, 2], hash: 'ffffffffffff' });
  const live = join(root, 'live');
  mkdirSync(live);
  writeFileSync(join(live, 'run.json'), JSON.stringify(doc));

  const out = join(root, 'live.log');
  const exported = await runCli(['export', live, '--format', 'optuna-journal', '--out', out]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /^spin-nas: warning: left out of the journal: trial t0999-r0: genome \[1,2\] does not fit the run's space/);
  const optuna = readWithOptuna(out);
  assert.equal(optuna.n_trials, doc.trials.length - 1);
  const last = optuna.trials.slice(-2);
  assert.deepEqual(last.map((x) => [x.user_attrs['trial_id'], x.state]), [[running.id, 'RUNNING'], [pending.id, 'WAITING']]);
  assert.equal(last[0]!.datetime_complete, null);
  assert.equal(last[1]!.datetime_start, null);

  writeFileSync(join(live, 'run.json'), JSON.stringify(doc).slice(0, 5000));
  const cut = await runCli(['export', live, '--format', 'optuna-journal', '--out', out]);
  assert.equal(cut.code, 2);
  assert.match(cut.stderr, /^spin-nas: .*live\/run\.json: the run store is corrupt \(not valid JSON: .*\); it was left untouched/);
  assert.doesNotMatch(cut.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readWithOptuna(out).n_trials, doc.trials.length - 1, 'the previous export is kept');
});
