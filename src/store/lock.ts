/**
 * One process per run. The lock is a file created exclusively (runs/<name>/lock) holding
 * the owner's pid and host. A lock whose process is gone (e.g. killed with SIGKILL) is stale
 * and taken over at once, so resuming after a crash never waits; a lock held by a live
 * process on this host refuses the second process with a RunStoreError.
 *
 * Takeover is atomic: a process may replace a stale lock only after it has created, with
 * O_EXCL, a claim file named after that lock file's identity (inode and change time). Only
 * one process can create that claim, so only one replaces that lock; a process whose view of
 * the lock is out of date finds the claim taken or the lock changed, and looks again.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { RunStoreError } from '../errors.js';

export const LOCK_FILE = 'lock';
const ATTEMPTS = 50;

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** The identity of one lock file: it changes whenever the lock is replaced. */
function identity(stats: Stats): string {
  return `${stats.ino}-${stats.ctimeMs}-${stats.mtimeMs}`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new RunStoreError(`${file}: cannot create the run lock (${(error as Error).message})`);
  }
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock of the run folder `dir`; returns the function that releases it. */
export function acquireRunLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const text = JSON.stringify(info);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(file, text)) return () => release(file);
    const before = statOrNull(file);
    if (!before) continue; // released meanwhile: try to create it again
    const holder = readLock(file);
    if (holder && holder.host === info.host && holder.pid !== process.pid && alive(holder.pid)) {
      throw new RunStoreError(
        `${dir}: the run is in use by process ${holder.pid} (since ${holder.since}); ` +
          'wait for it to finish or stop it (Ctrl-C) before running this command again',
      );
    }
    if (holder && holder.host !== info.host) {
      throw new RunStoreError(
        `${dir}: the run is locked by process ${holder.pid} on host ${holder.host}; ` +
          `if that process is gone, delete ${file} and run again`,
      );
    }
    if (!holder && Date.now() - before.mtimeMs < 1000) {
      sleep(5); // possibly a lock being written this instant: look again before calling it stale
      continue;
    }
    // Stale (owner gone) or unreadable: claim this very lock file, then replace it.
    const claim = `${file}.claim-${identity(before)}`;
    if (!createExclusive(claim, text)) {
      sleep(5); // another process is replacing it
      continue;
    }
    try {
      const now = statOrNull(file);
      if (now && identity(now) === identity(before)) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, file);
        return () => release(file);
      }
    } finally {
      unlinkQuietly(claim);
    }
  }
  throw new RunStoreError(
    `${file}: could not take the run lock; another process keeps taking it (if no spin-nas process uses ${dir}, delete ${file}* and run again)`,
  );
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function release(file: string): void {
  if (readLock(file)?.pid !== process.pid) return;
  unlinkQuietly(file);
}

