import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStoreError } from '../../src/errors.js';
import { RunStore, loadRunSnapshot } from '../../src/store/index.js';
import { fakeConfig, fakeSpace, openOptions } from './helpers.js';
import { tempDir } from '../helpers.js';

test('a new run is created, written atomically and read back by loadRunSnapshot', async () => {
  const dir = tempDir();
  const store = await RunStore.open(openOptions(dir));
  assert.equal(store.created, true);
  store.data.frontier.push('t0000-r0');
  await store.close();
  assert.equal(existsSync(join(dir, 'lock')), false, 'lock released');
  assert.equal(existsSync(join(dir, '.run.json.tmp')), false, 'no temp file left');
  const snapshot = await loadRunSnapshot(dir);
  assert.equal(snapshot.name, 'tiny');
  assert.deepEqual(snapshot.frontier, ['t0000-r0']);
  assert.equal(snapshot.hypervolume.reference[0], 1.1);
});

test('reopening a run keeps its data and accepts a larger trial count', async () => {
  const dir = tempDir();
  const first = await RunStore.open(openOptions(dir));
  first.data.frontier.push('x');
  await first.close();
  const second = await RunStore.open(openOptions(dir, { config: fakeConfig({ trials: 10 }) }));
  assert.equal(second.created, false);
  assert.deepEqual(second.data.frontier, ['x']);
  assert.equal(second.data.config.trials, 10);
  await second.close();
});

test('a different space or seed on an existing run name is refused', async () => {
  const dir = tempDir();
  await (await RunStore.open(openOptions(dir))).close();
  await assert.rejects(
    RunStore.open(openOptions(dir, { space: fakeSpace({ name: 'other' }) })),
    (e: unknown) => e instanceof RunStoreError && /different search space \(field name/.test(e.message),
  );
  await assert.rejects(
    RunStore.open(openOptions(dir, { config: fakeConfig({ seed: 2 }) })),
    (e: unknown) => e instanceof RunStoreError && /--seed 1, now 2/.test(e.message),
  );
});

test('--resume without a run is refused', async () => {
  await assert.rejects(RunStore.open(openOptions(tempDir(), { resume: true })), /no run to resume/);
});

test('a corrupt store gives a clear error and is left byte-identical', async () => {
  const dir = tempDir();
  await (await RunStore.open(openOptions(dir))).close();
  const file = join(dir, 'run.json');
  const broken = readFileSync(file, 'utf8').slice(0, 40);
  writeFileSync(file, broken);
  await assert.rejects(RunStore.open(openOptions(dir)), (e: unknown) => {
    assert.ok(e instanceof RunStoreError);
    assert.match(e.message, /run\.json: the run store is corrupt \(not valid JSON/);
    assert.match(e.message, /left untouched/);
    return true;
  });
  await assert.rejects(loadRunSnapshot(dir), /corrupt/);
  assert.equal(readFileSync(file, 'utf8'), broken);
});

test('a run locked by a live process is refused, a lock left by a dead one is taken over', async () => {
  const dir = tempDir();
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  try {
    const { hostname } = await import('node:os');
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), since: 'then' }));
    await assert.rejects(
      RunStore.open(openOptions(dir)),
      (e: unknown) => e instanceof RunStoreError && new RegExp(`in use by process ${sleeper.pid}`).test(e.message),
    );
  } finally {
    sleeper.kill('SIGKILL');
  }
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const { hostname } = await import('node:os');
  writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: 'then' }));
  const store = await RunStore.open(openOptions(dir));
  assert.equal((JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')) as { pid: number }).pid, process.pid);
  await store.close();
});

test('loadRunSnapshot names a missing run folder', async () => {
  await assert.rejects(loadRunSnapshot(join(tempDir(), 'nope')), /no such run folder/);
});

test('loadRunSnapshot reads a run while another holder keeps it open and locked', async () => {
  const dir = tempDir();
  const store = await RunStore.open(openOptions(dir));
  try {
    store.data.frontier.push('t0001-r0');
    await store.flush();
    const snapshot = await loadRunSnapshot(dir);
    assert.deepEqual(snapshot.frontier, ['t0001-r0']);
    assert.ok(existsSync(join(dir, 'lock')), 'the lock is still held');
  } finally {
    await store.close();
  }
});
