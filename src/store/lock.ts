/**
 * One process per run. The lock is a file created exclusively (runs/<name>/lock) holding
 * the owner's pid and host. A lock whose process is gone (e.g. killed with SIGKILL) is stale
 * and taken over at once, so resuming after a crash never waits; a lock held by a live
 * process on this host refuses the second process with a RunStoreError.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openSync, readFileSync, renameSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { RunStoreError } from '../errors.js';

export const LOCK_FILE = 'lock';

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

/** Takes the lock of the run folder `dir`; resolves to the function that releases it. */
export function acquireRunLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      return () => release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new RunStoreError(`${file}: cannot create the run lock (${(error as Error).message})`);
      }
    }
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
    // Stale (owner gone) or unreadable half-written lock: replace it atomically, then retry.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(info));
    renameSync(tmp, file);
    if (readLock(file)?.pid === process.pid) return () => release(file);
  }
  throw new RunStoreError(`${file}: could not take the run lock; another process keeps taking it`);
}

function release(file: string): void {
  if (readLock(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
