/**
 * Containment of a run folder. Runs are files that people copy, share and repair by hand, so
 * every string in run.json is untrusted: each path the store derives from it (trial ids,
 * checkpoint paths, fusion parents' checkpoints) and the folders it writes into and deletes
 * from (checkpoints/, checkpoints/trials/, the lock) must stay inside the run folder once
 * symbolic links are followed. This is checked when a run is read, before anything is read
 * from, written to or deleted in it, and again right before a deletion. A violation refuses
 * the whole command (RunStoreError, exit 2) naming the file and the field.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RunStoreError, describeValue } from '../errors.js';

/** Trial ids as the search writes them: candidate number (4 digits or more) and rung, "t0007-r1". */
export const TRIAL_ID_PATTERN = /^t\d{4,9}-r\d{1,3}$/;

/** Folders of a run the search writes into and deletes from. */
export const CHECKPOINTS_DIR = 'checkpoints';
export const TRIAL_CHECKPOINTS_DIR = join('checkpoints', 'trials');

export type Placement = { ok: true; path: string } | { ok: false; why: string };

function within(root: string, path: string, strict: boolean): boolean {
  const rel = relative(root, path);
  if (rel === '') return !strict;
  return !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Where `target` (relative to the run folder, or absolute) really is, provided it lies inside
 * the run folder `runDir` (strictly inside unless `allowRoot`) after following the links of its
 * existing part; the part that does not exist yet cannot lead anywhere else. A link loop or a
 * link to nowhere is a reason, not an exception.
 */
export function placeInRun(runDir: string, target: string, allowRoot = false): Placement {
  const root = resolve(runDir);
  const path = resolve(root, target);
  if (!within(root, path, !allowRoot)) return { ok: false, why: 'it points outside the run folder' };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (error) {
    if (code(error) === 'ENOENT') return { ok: true, path }; // no run folder yet: nothing under it exists
    if (code(error) === 'ELOOP') return { ok: false, why: 'the run folder is a symbolic link loop' };
    return { ok: false, why: `the run folder cannot be resolved (${(error as Error).message})` };
  }
  // The deepest part of the path that exists (a link counts, even a broken one).
  const tail: string[] = [];
  let probe = path;
  for (;;) {
    try {
      lstatSync(probe);
      break;
    } catch (error) {
      if (code(error) === 'ELOOP') return { ok: false, why: `${probe} is inside a symbolic link loop` };
      if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR') return { ok: false, why: `${probe} cannot be examined (${(error as Error).message})` };
      if (probe === root) return { ok: true, path };
      tail.unshift(basename(probe));
      probe = dirname(probe);
    }
  }
  let real: string;
  try {
    real = realpathSync(probe);
  } catch (error) {
    if (code(error) === 'ELOOP') return { ok: false, why: `${probe} is a symbolic link loop` };
    if (code(error) === 'ENOENT') return { ok: false, why: `${probe} is a symbolic link to nothing` };
    return { ok: false, why: `${probe} cannot be resolved (${(error as Error).message})` };
  }
  const full = join(real, ...tail);
  if (!within(realRoot, full, !allowRoot)) return { ok: false, why: `it leads outside the run folder through a symbolic link (to ${full})` };
  return { ok: true, path };
}

const REFUSED = 'the command was refused and the run left untouched';

/** The error for one field of run.json that would reach outside the run. */
function fieldError(file: string, field: string, value: unknown, why: string, fix: string): RunStoreError {
  return new RunStoreError(`${file}: field ${field}: got ${describeValue(value)}; ${why}; ${REFUSED}. ${fix}`);
}

/** The error for a place in the run folder itself (a link that leads out, a loop). */
function placeError(dir: string, what: string, why: string, fix: string): RunStoreError {
  return new RunStoreError(`${join(dir, what)}: ${why}; ${REFUSED}. ${fix}`);
}

const LINK_FIX = 'Replace that link with a real folder inside the run (or remove it), then run the command again';

/**
 * The run folder's own places the store writes into or deletes from: checkpoints/,
 * checkpoints/trials/ and the lock. Call before the lock is taken.
 */
export function checkRunFolder(dir: string): void {
  for (const place of [CHECKPOINTS_DIR, TRIAL_CHECKPOINTS_DIR]) {
    const placed = placeInRun(dir, place);
    if (!placed.ok) throw placeError(dir, place, placed.why, LINK_FIX);
  }
  const lock = join(dir, 'lock');
  try {
    if (lstatSync(lock).isSymbolicLink()) {
      throw placeError(dir, 'lock', 'the run lock is a symbolic link (the lock is a plain file spin-nas writes)', 'Delete that link (no spin-nas process uses it) and run again');
    }
  } catch (error) {
    if (error instanceof RunStoreError) throw error;
    if (code(error) === 'ELOOP') throw placeError(dir, 'lock', 'the run lock is a symbolic link loop', 'Delete it and run again');
    // ENOENT: no lock, fine; other errors surface when the lock is taken.
  }
}

/** The stored fields of run.json that name paths, as the containment check reads them. */
export interface ContainedDocument {
  trials: readonly { id: string; result?: { checkpoint?: string } }[];
  parents?: Record<string, { checkpoint?: string; result?: { checkpoint?: string } }>;
}

const ID_FIX = 'Trial ids are t<candidate>-r<rung> as the search writes them (e.g. t0007-r1): restore that id, or restore run.json from a backup';
const CHECKPOINT_FIX = 'A checkpoint path is relative to the run folder (e.g. checkpoints/trials/t0007-r1 or checkpoints/<hash>): fix that field, or restore run.json from a backup';

/**
 * Every path-like field of a run document, and the folders derived from it, must stay inside
 * the run folder `dir`. Throws a RunStoreError naming `file` and the first bad field.
 */
export function checkContainment(dir: string, file: string, doc: ContainedDocument): void {
  checkRunFolder(dir);
  doc.trials.forEach((trial, i) => {
    if (!TRIAL_ID_PATTERN.test(trial.id)) throw fieldError(file, `trials[${i}].id`, trial.id, 'not a trial id', ID_FIX);
    const own = placeInRun(dir, join(TRIAL_CHECKPOINTS_DIR, trial.id));
    if (!own.ok) throw placeError(dir, join(TRIAL_CHECKPOINTS_DIR, trial.id), own.why, LINK_FIX);
    checkCheckpoint(dir, file, `trials[${i}].result.checkpoint`, trial.result?.checkpoint);
  });
  for (const [key, parent] of Object.entries(doc.parents ?? {})) {
    const field = `parents.${key}`;
    checkCheckpoint(dir, file, `${field}.checkpoint`, parent.checkpoint);
    checkCheckpoint(dir, file, `${field}.result.checkpoint`, parent.result?.checkpoint);
  }
}

function checkCheckpoint(dir: string, file: string, field: string, saved: string | undefined): void {
  if (saved === undefined) return;
  const placed = saved === '' ? { ok: false as const, why: 'an empty path' } : placeInRun(dir, saved);
  if (!placed.ok) throw fieldError(file, field, saved, placed.why, CHECKPOINT_FIX);
}

/**
 * Where a stored checkpoint may be found, most likely first, each inside the run folder: the
 * path relative to the run folder, and (runs stored by older versions) relative to the
 * working directory or absolute. Candidates outside the run are never offered.
 */
export function checkpointCandidates(runDir: string, saved: string): string[] {
  const candidates = isAbsolute(saved) ? [saved] : [resolve(runDir, saved), resolve(saved)];
  return [...new Set(candidates)].filter((path) => placeInRun(runDir, path).ok);
}
