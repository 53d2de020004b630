/** search() from code: events agree with what the run stores, a space object works, abort resumes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSpace, openRun, search, validateSpace, InputFileError, type TrialRecord } from '../../src/index.js';
import { repoRoot, tempDir } from '../helpers.js';

test('the events of a search agree with the stored run: promotions, frontier changes, progress', async () => {
  const { file: _file, ...space } = loadSpace(join(repoRoot, 'search-spaces', 'convmixer-fmnist.json'));
  const promoted: TrialRecord[] = [];
  const started = new Set<string>();
  let frontier: string[] = [];
  let progress = 0;
  const result = await search({
    space: { ...space, name: 'library test' },
    runsDir: tempDir(),
    trials: 12,
    trainer: 'synthetic',
    onTrialStarted: (t) => started.add(t.id),
    onPromoted: (t, from) => {
      assert.equal(t.hash, from.hash);
      assert.equal(from.state, 'done');
      promoted.push(t);
    },
    onFrontierChanged: (ids) => (frontier = ids),
    onProgress: (p) => {
      progress++;
      assert.ok(p.finished <= p.total && p.elapsedSeconds >= 0 && p.etaSeconds !== null && p.etaSeconds >= 0);
    },
  });
  assert.equal(result.name, 'library-test', 'a space object names the run after its name, made safe');
  const run = await openRun(result.dir);
  assert.deepEqual(frontier, run.frontier.map((t) => t.id), 'the last frontier event is the stored frontier');
  assert.deepEqual(promoted.map((t) => t.id).sort(), run.trials.filter((t) => t.rung > 0).map((t) => t.id).sort(), 'one promoted event per higher-rung trial');
  assert.equal(started.size, run.trials.length);
  assert.equal(progress, run.counts.done + run.counts.failed);
  assert.equal(run.hypervolumeHistory.at(-1)?.value, run.hypervolume);
  assert.equal(run.compute.trainings >= run.counts.done, true);
});

test('aborting leaves the run resumable, and the same call finishes it', async () => {
  const runsDir = tempDir();
  const controller = new AbortController();
  const options = { space: join(repoRoot, 'search-spaces', 'convmixer-fmnist.json'), runsDir, trials: 8, trainer: 'synthetic' as const, delayMs: 5 };
  const first = await search({ ...options, signal: controller.signal, onTrialFinished: () => controller.abort() });
  assert.equal(first.interrupted, true);
  const stopped = await openRun(first.dir);
  assert.equal(stopped.counts.running, 0, 'running trials went back to pending');
  const second = await search(options);
  assert.equal(second.interrupted, false);
  assert.equal(second.done, second.total);
  assert.ok(second.done > first.done);
});

test('a space object is checked like a file: the error names the field', () => {
  const { file: _file, ...space } = loadSpace(join(repoRoot, 'search-spaces', 'convmixer-fmnist.json'));
  assert.throws(() => validateSpace({ ...space, budget: { ...space.budget, epochs: 0 } }), (error: unknown) => {
    assert.ok(error instanceof InputFileError);
    assert.equal(error.field, 'budget.epochs');
    assert.match(error.message, /^<space convmixer-fmnist>: field budget\.epochs/);
    return true;
  });
});
