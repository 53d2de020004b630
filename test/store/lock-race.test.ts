import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../helpers.js';

const CONTENDERS = 12;
const lockModule = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'store', 'lock.js')).href;

/**
 * One contender: waits at a barrier (the file `go`), tries the lock once, reports, then holds
 * whatever it got until `done` appears so that no one can win later by a fair release.
 */
const contender = `
import { existsSync } from 'node:fs';
import { join } from 'node:path';
const { acquireRunLock } = await import(process.argv[1]);
const dir = process.argv[2];
const wait = (f) => { while (!existsSync(join(dir, f))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); };
process.stdout.write('ready\\n');
wait('go');
let outcome, release;
try { release = acquireRunLock(dir); outcome = 'won'; } catch (e) { outcome = e.name === 'RunStoreError' ? 'lost' : 'crashed: ' + e.message; }
process.stdout.write(outcome + '\\n');
wait('done');
release?.();
`;

test(`${CONTENDERS} processes racing for one stale lock: exactly one takes it over`, async () => {
  const dir = tempDir('spin-lock-race-');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: 'then' }));

  const outcomes: string[] = [];
  let ready = 0;
  const children = Array.from({ length: CONTENDERS }, () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', contender, lockModule, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() as string;
      for (const line of lines) {
        if (line === 'ready') ready++;
        else outcomes.push(line);
      }
    });
    return new Promise<number | null>((resolve) => child.on('exit', resolve));
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 10));
  };
  await until(() => ready === CONTENDERS);
  writeFileSync(join(dir, 'go'), '');
  await until(() => outcomes.length === CONTENDERS);
  writeFileSync(join(dir, 'done'), '');
  const codes = await Promise.all(children);

  assert.deepEqual(codes, Array(CONTENDERS).fill(0));
  assert.equal(outcomes.filter((o) => o === 'won').length, 1, `outcomes: ${outcomes.join(', ')}`);
  assert.equal(outcomes.filter((o) => o === 'lost').length, CONTENDERS - 1, `outcomes: ${outcomes.join(', ')}`);
  assert.equal(existsSync(join(dir, 'lock')), false, 'the winner released the lock when it exited');
});
