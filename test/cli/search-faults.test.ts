/**
 * Fault tests on the real CLI process (synthetic trainer with a delay per trial):
 * SIGKILL and resume, Ctrl-C and resume, a second process, a corrupt store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spawnCli, tempDir } from '../helpers.js';
import { doneCount, readTrials, waitFor } from './search-helpers.js';

const SPACE = 'search-spaces/convmixer-fmnist.json';

function setup(trials: number, delay = 30) {
  const runs = tempDir('spin-cli-');
  const args = ['search', SPACE, '--trainer', 'synthetic', '--delay-ms', String(delay), '--trials', String(trials), '--workers', '3', '--runs-dir', runs, '--name', 'r'];
  return { args, dir: join(runs, 'r') };
}

function checkComplete(dir: string, trials: number): void {
  const all = readTrials(dir);
  const rung0 = all.filter((t) => t.rung === 0);
  assert.equal(rung0.length, trials, 'every requested candidate exists once');
  assert.ok(all.every((t) => t.state === 'done'), 'all done');
  const keys = all.map((t) => `${t.hash}:${t.rung}`);
  assert.equal(new Set(keys).size, keys.length, 'no (hash, rung) trained twice');
}

test('a search killed with SIGKILL resumes to exactly the requested trials, losing nothing finished', async () => {
  const { args, dir } = setup(30);
  const { child, exit } = spawnCli(args);
  await waitFor(() => doneCount(dir) >= 8);
  child.kill('SIGKILL');
  const killed = await exit;
  assert.equal(killed.signal, 'SIGKILL');
  const before = readTrials(dir).filter((t) => t.state === 'done');
  assert.ok(before.length >= 8);

  const resumed = await runCli(args);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming run/);
  checkComplete(dir, 30);
  const after = readTrials(dir);
  for (const t of before) {
    const u = after.find((x) => x.id === t.id);
    assert.deepEqual(u?.result, t.result, `finished trial ${t.id} kept as it was`);
    assert.equal(u?.finishedAt, t.finishedAt, `finished trial ${t.id} not trained again`);
  }
});

test('Ctrl-C stops cleanly, prints how to resume, and the resumed run completes', async () => {
  const { args, dir } = setup(20);
  const { child, exit } = spawnCli(args);
  await waitFor(() => doneCount(dir) >= 4);
  child.kill('SIGINT');
  const stopped = await exit;
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /resume with: spin-nas search .*--resume/);
  assert.equal(readTrials(dir).filter((t) => t.state === 'running').length, 0, 'running trials put back to pending');
  const resumed = await runCli([...args, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  checkComplete(dir, 20);
});

test('a second process on the same run is refused while the first runs', async () => {
  const { args, dir } = setup(400, 40);
  const first = spawnCli(args);
  await waitFor(() => doneCount(dir) >= 1);
  const second = await runCli(args);
  first.child.kill('SIGINT');
  await first.exit;
  assert.equal(second.code, 2, second.stderr);
  assert.match(second.stderr, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the run is in use by process ${first.child.pid}`));
});

test('a corrupt store is refused with exit code 2 and left byte-identical', async () => {
  const { args, dir } = setup(3, 0);
  const first = await runCli(args);
  assert.equal(first.code, 0, first.stderr);
  const file = join(dir, 'run.json');
  const broken = readFileSync(file, 'utf8').replace(/"trials":\[/, '"trials":[[');
  writeFileSync(file, broken);
  const again = await runCli(args);
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /run\.json: the run store is corrupt/);
  assert.equal(readFileSync(file, 'utf8'), broken);
  const status = await runCli(['status', dir]);
  assert.equal(status.code, 2, status.stderr);
});
