import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { runSearchSession } from '../../src/search/index.js';
import { WeightKeeper } from '../../src/search/keep-weights.js';
import { findExportable } from '../../src/report/index.js';
import { loadRunSnapshot, type TrialRecord } from '../../src/store/index.js';
import { RecordingExecutor, SPACE, runsDir } from './helpers.js';

function kept(run: string): string[] {
  const dir = join(run, 'checkpoints', 'trials');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

async function search(keepWeights: 'frontier' | 'all' | 'none' | undefined, root = runsDir(), extra: { trials?: number } = {}) {
  const executor = new RecordingExecutor(new SyntheticExecutor());
  const { dir } = await runSearchSession({
    spaceFile: SPACE, runsDir: root, name: 'kw', trials: extra.trials ?? 16, workers: 3, executor,
    ...(keepWeights ? { keepWeights } : {}),
  });
  return { dir, executor, snapshot: await loadRunSnapshot(dir) };
}

/** Trials on any rung's frontier: the run's frontier (its highest rung) and the lower rungs' own. */
function onAnyFrontier(snapshot: { rungFrontiers?: { ids: string[] }[] }): string[] {
  return (snapshot.rungFrontiers ?? []).flatMap((f) => f.ids).sort();
}

test('by default a run ends with trained weights for exactly its frontier trials (every rung\'s frontier)', async () => {
  const { dir, executor, snapshot } = await search(undefined);
  const keptIds = onAnyFrontier(snapshot);
  assert.ok(snapshot.frontier.every((id) => keptIds.includes(id)));
  const trials = executor.requests.filter((r) => !r.trialId.startsWith('parent-'));
  assert.ok(trials.every((r) => r.saveTo === join(dir, 'checkpoints', 'trials', r.trialId)), 'every trial trains with saveTo');
  assert.ok(snapshot.frontier.length > 0 && snapshot.frontier.length < snapshot.trials.length);
  assert.deepEqual(kept(dir), keptIds);
  for (const t of snapshot.trials) {
    if (keptIds.includes(t.id)) {
      assert.equal(t.result!.checkpoint, join('checkpoints', 'trials', t.id));
      assert.ok(existsSync(join(dir, t.result!.checkpoint, 'synthetic-checkpoint.json')), `${t.id} keeps its weights`);
    } else {
      assert.ok(t.weightsDeleted !== undefined, `${t.id} (off the frontier) is marked as having lost its weights`);
    }
  }
  assert.equal(snapshot.config.keepWeights, 'frontier');
  const dropped = snapshot.trials.find((t) => !keptIds.includes(t.id))!;
  assert.throws(() => findExportable(snapshot, dropped.id), new RegExp(`weights of trial ${dropped.id} were deleted .* because it was not on the frontier; .*--keep-weights all`));
  assert.ok(existsSync(join(dir, 'checkpoints')), 'fusion parents are still kept');
});

test('keepWeights all keeps the weights of every finished trial', async () => {
  const { dir, snapshot } = await search('all');
  const done = snapshot.trials.filter((t) => t.state === 'done').map((t) => t.id).sort();
  assert.deepEqual(kept(dir), done);
  assert.ok(snapshot.trials.every((t) => t.result!.checkpoint === join('checkpoints', 'trials', t.id) && t.weightsDeleted === undefined));
});

test('keepWeights none keeps no trial weights and asks for none', async () => {
  const { dir, executor, snapshot } = await search('none');
  assert.deepEqual(kept(dir), []);
  assert.ok(executor.requests.filter((r) => !r.trialId.startsWith('parent-')).every((r) => r.saveTo === undefined));
  assert.ok(snapshot.trials.every((t) => t.result?.checkpoint === undefined));
});

test('keepWeights may change on resume: all, then frontier, prunes to the frontier', async () => {
  const root = runsDir();
  const first = await search('all', root, { trials: 10 });
  assert.equal(kept(first.dir).length, first.snapshot.trials.length);
  await mkdir(join(first.dir, 'checkpoints', 'trials', 'orphan'), { recursive: true });
  const second = await search('frontier', root, { trials: 14 });
  assert.equal(second.snapshot.config.keepWeights, 'frontier');
  assert.deepEqual(kept(second.dir), onAnyFrontier(second.snapshot), 'old non-frontier weights and orphans deleted');
});

function record(id: string, checkpoint?: string): TrialRecord {
  return { id, state: 'done', result: { ...(checkpoint ? { checkpoint } : {}) } } as unknown as TrialRecord;
}

test('a checkpoint folder that cannot be deleted is reported, not fatal, and frontier weights are never touched', async () => {
  const root = runsDir();
  for (const id of ['a', 'b', 'c']) {
    await mkdir(join(root, 'checkpoints', 'trials', id), { recursive: true });
    await writeFile(join(root, 'checkpoints', 'trials', id, 'model.json'), '{}');
  }
  const errors: string[] = [];
  const removed: string[] = [];
  const keeper = new WeightKeeper('frontier', root, {
    onError: (m) => errors.push(m),
    remove: (dir) => {
      removed.push(dir);
      return dir.endsWith('b') ? Promise.reject(new Error('EBUSY: resource busy')) : Promise.resolve();
    },
  });
  const trials = ['a', 'b', 'c'].map((id) => record(id, join('checkpoints', 'trials', id)));
  keeper.prune(trials, ['a']);
  assert.equal(trials[0]!.result!.checkpoint, join('checkpoints', 'trials', 'a'));
  assert.equal(trials[0]!.weightsDeleted, undefined);
  assert.ok(trials[1]!.weightsDeleted !== undefined, 'marked at once, before the folder goes');
  assert.equal(trials[1]!.result!.checkpoint, join('checkpoints', 'trials', 'b'), 'the result stays as trained');
  await keeper.settled();
  assert.deepEqual(removed.map((d) => d.slice(-1)), ['b', 'c']);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /checkpoints\/trials\/b: could not delete the weights of trial b \(EBUSY: resource busy\); delete the folder by hand/);
});
