/**
 * A strategy plug-in cannot end or hang the CLI without a word: a top-level await that never
 * settles is exit 2 (not a silent exit 0), a process.exit() inside it is reported naming the
 * plug-in with the run left resumable, and a plug-in that keeps the event loop alive does not
 * keep the finished (or Ctrl-C'd) command from exiting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadRunSnapshot } from '../../src/store/index.js';
import { runCli, spawnCli, tempDir, type CliResult } from '../helpers.js';

const FIXTURES = './test/search/fixtures';
const search = (runs: string, plugin: string, extra: string[] = []) => ['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'p', '--runs-dir', runs, '--trainer', 'synthetic', '--strategy', `${FIXTURES}/${plugin}`, '--workers', '1', ...extra];

/** The CLI's result, or null when it had not exited by itself after `ms` (then it is killed). */
async function within(ms: number, run: { child: ChildProcess; exit: Promise<CliResult> }): Promise<CliResult | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  const r = await Promise.race([run.exit, late]);
  clearTimeout(timer);
  if (r === null) run.child.kill('SIGKILL');
  return r;
}

test('a plug-in module whose top-level await never settles is an error with exit code 2', async () => {
  const r = await runCli(search(tempDir(), 'never-settles.mjs', ['--trials', '2']));
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^spin-nas: --strategy \.\/test\/search\/fixtures\/never-settles\.mjs: the module never finished loading \(a top-level await that never settles\)/);
});

test('a plug-in calling process.exit() is reported in one line naming it, and the run is left resumable', async () => {
  const runs = tempDir();
  const r = await runCli(search(runs, 'exits.mjs', ['--trials', '6']));
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^spin-nas: strategy \.\/test\/search\/fixtures\/exits\.mjs (ask\(\) called process\.exit\(\)|called process\.exit\(3\))/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  const snapshot = await loadRunSnapshot(join(runs, 'p'));
  assert.ok(snapshot.trials.length > 0 && snapshot.trials.every((t) => t.state !== 'running'), 'stored, nothing left running');
  const resumed = await runCli([...search(runs, 'exits.mjs', ['--trials', '6']).slice(0, -4), '--strategy', 'random', '--resume']);
  assert.match(resumed.stderr, /--strategy/, 'the run still reads (only the strategy differs)');
});

test('a plug-in that keeps the event loop alive does not keep a finished search, or a stopped one, from exiting', async () => {
  const done = await within(30_000, spawnCli(search(tempDir(), 'keeps-alive.mjs', ['--trials', '3'])));
  assert.ok(done !== null, 'the finished search exited by itself');
  assert.equal(done.code, 0, done.stderr);

  const run = spawnCli(search(tempDir(), 'keeps-alive.mjs', ['--trials', '50', '--delay-ms', '300']));
  let out = '';
  let sent = false;
  run.child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (!sent && /\[1\/\d+\]/.test(out)) {
      sent = true; // one SIGTERM: a clean stop (a second one would quit at once)
      run.child.kill('SIGTERM');
    }
  });
  const stopped = await within(30_000, run);
  assert.ok(stopped !== null, 'the stopped search exited by itself');
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /resume with: spin-nas /);
});
