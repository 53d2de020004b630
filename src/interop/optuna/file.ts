/**
 * Writing a journal file: a whole export replaces the file atomically (temp file + rename,
 * so a reader never sees half of it); `--watch` appends under Optuna's own file lock
 * (JournalFileSymlinkLock: a symlink `<file>.lock` made and removed around each append), so
 * an Optuna process writing to the same file at the same time does not interleave lines.
 * A file that is not a journal this export wrote is never overwritten.
 */
import { appendFile, mkdir, readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { UsageError } from '../../errors.js';
import { OP, journalText, type JournalOperation } from './journal.js';

/** Throws a UsageError unless `file` is absent, empty, or a journal that `workerId` started. */
export async function checkJournalTarget(file: string, workerId: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EISDIR') throw new UsageError(`--out ${file}: is a folder; pass a file name, e.g. --out ${file.replace(/\/+$/, '')}/run.log`);
    throw new UsageError(`--out ${file}: cannot be read (${(error as Error).message}); pass a writable file path`, { cause: error });
  }
  if (text.trim() === '') return;
  let first: Partial<JournalOperation> | null = null;
  try {
    first = JSON.parse(text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined)) as Partial<JournalOperation>;
  } catch {
    first = null;
  }
  if (first === null || first.op_code !== OP.createStudy || first.worker_id !== workerId) {
    throw new UsageError(
      `--out ${file}: the file exists and is not an Optuna journal written by spin-nas export; ` +
        'it was left untouched. Pass a new file name, e.g. --out run.log',
    );
  }
}

/** Replaces `file` with the journal (atomically). */
export async function writeJournal(file: string, operations: readonly JournalOperation[]): Promise<void> {
  const tmp = `${dirname(file)}/.${basename(file)}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, journalText(operations));
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw new UsageError(`--out ${file}: cannot write the journal (${(error as Error).message}); pass a writable file path`, { cause: error });
  }
}

/** Appends operations to `file` while holding Optuna's lock on it. */
export async function appendJournal(file: string, operations: readonly JournalOperation[], lockWaitMs = 10_000): Promise<void> {
  if (operations.length === 0) return;
  const lock = `${file}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      await symlink(file, lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - start > lockWaitMs) {
        throw new UsageError(`${lock}: another process has held the journal's lock for ${lockWaitMs / 1000} s; if none is writing ${file}, delete ${lock}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    await appendFile(file, journalText(operations));
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
