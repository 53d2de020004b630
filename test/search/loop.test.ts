import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { runSearchSession } from '../../src/search/index.js';
import { loadRunSnapshot } from '../../src/store/index.js';
import { RecordingExecutor, SPACE, pairsTrainedTwice, runsDir } from './helpers.js';

test('a search trains the requested candidates, promotes the best third and stores the frontier', async () => {
  const dir = runsDir();
  const { outcome, dir: run } = await runSearchSession({ spaceFile: SPACE, runsDir: dir, trials: 18, workers: 3, executor: new SyntheticExecutor() });
  const s = await loadRunSnapshot(run);
  const rung0 = s.trials.filter((t) => t.rung === 0);
  const rung1 = s.trials.filter((t) => t.rung === 1);
  assert.equal(rung0.length, 18);
  const feasible = rung0.filter((t) => !t.infeasible).length;
  assert.equal(rung1.length, Math.floor(feasible / 3));
  assert.ok(s.trials.every((t) => t.state === 'done'));
  assert.deepEqual(pairsTrainedTwice(s.trials), []);
  assert.equal(outcome.done, s.trials.length);
  assert.ok(s.frontier.length > 0);
  const ids = new Set(s.trials.filter((t) => !t.infeasible).map((t) => t.id));
  assert.ok(s.frontier.every((id) => ids.has(id)), 'only feasible trials on the frontier');
  assert.ok(s.hypervolume.value > 0);
  assert.equal(s.hypervolume.history.length, s.trials.length);
  assert.equal(outcome.total, s.trials.length, 'the progress total ends at the trials actually run');
});

test('the same seed gives the same trials', async () => {
  const genomes = async () => {
    const { dir } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 10, workers: 1, seed: 5, executor: new SyntheticExecutor() });
    return (await loadRunSnapshot(dir)).trials.map((t) => [t.id, t.hash, t.seed]);
  };
  assert.deepEqual(await genomes(), await genomes());
});

test('weight-fusion parents are trained once per backbone and reused', async () => {
  const executor = new RecordingExecutor();
  const { dir } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 20, workers: 4, executor });
  const s = await loadRunSnapshot(dir);
  const parentRequests = executor.requests.filter((r) => r.trialId.startsWith('parent-'));
  const parentHashes = parentRequests.map((r) => r.arch.hash);
  assert.equal(new Set(parentHashes).size, parentHashes.length, 'each parent trained once');
  const fused = executor.requests.filter((r) => r.parentCheckpoint !== undefined);
  assert.ok(fused.length > 0, 'the sample has fusion trials');
  for (const r of fused) {
    assert.equal(r.parentCheckpoint, `${dir}/checkpoints/${r.arch.parentHash}`);
    assert.ok(parentHashes.includes(r.arch.parentHash));
  }
  assert.ok(s.trials.every((t) => t.state === 'done'));
});

test('a failing trial is recorded with its error and the search carries on', async () => {
  const executor = new SyntheticExecutor({ failWhen: (r) => r.trialId === 't0002-r0' });
  const { dir, outcome } = await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 6, workers: 2, executor });
  const s = await loadRunSnapshot(dir);
  const failed = s.trials.find((t) => t.id === 't0002-r0')!;
  assert.equal(failed.state, 'failed');
  assert.match(failed.error!, /synthetic failure of trial t0002-r0/);
  assert.equal(outcome.failed, 1);
  assert.equal(s.trials.filter((t) => t.rung === 0 && t.state === 'done').length, 5);
});

test('an aborted search resumes to the same trials as an uninterrupted one', async () => {
  const options = { spaceFile: SPACE, trials: 12, workers: 1, seed: 3 };
  const whole = await runSearchSession({ ...options, runsDir: runsDir(), executor: new SyntheticExecutor({ delayMs: 2 }) });
  const expected = (await loadRunSnapshot(whole.dir)).trials.map((t) => [t.id, t.hash, t.seed, t.result?.valAccuracy]);

  const dir = runsDir();
  const controller = new AbortController();
  const first = await runSearchSession({
    ...options,
    runsDir: dir,
    executor: new SyntheticExecutor({ delayMs: 2 }),
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'finished' && e.finished === 5) controller.abort();
    },
  });
  assert.equal(first.outcome.interrupted, true);
  const mid = await loadRunSnapshot(first.dir);
  assert.equal(mid.trials.filter((t) => t.state === 'running').length, 0, 'nothing left running');
  const doneBefore = mid.trials.filter((t) => t.state === 'done');
  assert.equal(doneBefore.length, 5);

  const second = await runSearchSession({ ...options, runsDir: dir, executor: new SyntheticExecutor({ delayMs: 2 }) });
  assert.equal(second.outcome.interrupted, false);
  const after = await loadRunSnapshot(second.dir);
  assert.deepEqual(after.trials.map((t) => [t.id, t.hash, t.seed, t.result?.valAccuracy]), expected);
  for (const t of doneBefore) assert.deepEqual(after.trials.find((u) => u.id === t.id)?.result, t.result, 'finished trial kept');
});

test('a larger --trials on an existing run continues it', async () => {
  const dir = runsDir();
  await runSearchSession({ spaceFile: SPACE, runsDir: dir, trials: 4, workers: 2, executor: new SyntheticExecutor() });
  const { dir: run } = await runSearchSession({ spaceFile: SPACE, runsDir: dir, trials: 7, workers: 2, executor: new SyntheticExecutor(), resume: true });
  const s = await loadRunSnapshot(run);
  assert.equal(s.trials.filter((t) => t.rung === 0).length, 7);
  assert.deepEqual(pairsTrainedTwice(s.trials), []);
});

test('a trial is described once: its training and its promotion reuse the description made when it was proposed', async () => {
  const executor = new RecordingExecutor();
  await runSearchSession({ spaceFile: SPACE, runsDir: runsDir(), trials: 9, workers: 3, executor });
  const byHash = new Map<string, unknown[]>();
  for (const r of executor.requests) if (!r.trialId.startsWith('parent-')) byHash.set(r.arch.hash, [...(byHash.get(r.arch.hash) ?? []), r.arch]);
  const promoted = [...byHash.values()].filter((archs) => archs.length > 1);
  assert.ok(promoted.length > 0, 'some trials were promoted');
  for (const archs of promoted) assert.ok(archs.every((a) => a === archs[0]), 'the same ArchSpec object at every rung');
});
