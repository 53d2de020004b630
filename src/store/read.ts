/**
 * Reading a run from disk, read-only and without the lock: used by `status`, reports, and
 * by the store itself before it takes over a run. Anything unreadable is a RunStoreError
 * that names the file and what to do; nothing here ever writes.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError, RunStoreError } from '../errors.js';
import { schemaChecker } from '../space/schema-check.js';
import { tooDeep } from '../space/json-text.js';
import { checkContainment } from './containment.js';
import { checkIntegrity } from './integrity.js';
import { RUN_FILE, RUN_FORMAT, RUN_VERSION, type RunDocument } from './document.js';
import { runDocumentSchema } from './schema.js';
import type { RunSnapshot } from './types.js';

const checkSchema = schemaChecker(runDocumentSchema, 'the run format (src/store/schema.ts)');

export function runFile(dir: string): string {
  return join(dir, RUN_FILE);
}

/** Reads and checks run.json; resolves to null when the folder holds no run yet. */
export async function readRunDocument(dir: string): Promise<RunDocument | null> {
  const file = runFile(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RunStoreError(`${file}: cannot be read (${(error as Error).message})`, { cause: error });
  }
  const corrupt = (why: string): RunStoreError =>
    new RunStoreError(
      `${file}: the run store is corrupt (${why}); it was left untouched. ` +
        'Fix that field, restore the file from a backup, or move the folder away to start the run afresh.',
    );
  let data: unknown;
  const deep = tooDeep(text, 256);
  if (deep) throw corrupt(`nested more than 256 levels deep at offset ${deep.offset}`);
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw corrupt('not a JSON object');
  const doc = data as Partial<RunDocument>;
  if (doc.format !== RUN_FORMAT) throw corrupt(`field format is ${JSON.stringify(doc.format)}, expected "${RUN_FORMAT}"`);
  if (doc.version !== RUN_VERSION) {
    throw new RunStoreError(`${file}: field version is ${JSON.stringify(doc.version) ?? 'missing'}, a run format this spin-nas does not read (it reads version ${RUN_VERSION}); it was left untouched: open it with the spin-nas that wrote it`);
  }
  try {
    checkSchema(data, file);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw corrupt(error.message.slice(file.length + 2));
  }
  // Every path it names must stay inside the run folder before anything uses one.
  checkContainment(dir, file, doc as RunDocument);
  checkIntegrity(file, doc as RunDocument);
  return doc as RunDocument;
}

/**
 * A read-only snapshot of the run in `dir` (e.g. runs/convmixer-fmnist). Takes no lock, so
 * it works while a search is writing the run (writes are atomic renames).
 */
export async function loadRunSnapshot(dir: string): Promise<RunSnapshot> {
  const doc = await readRunDocument(dir);
  if (doc === null) {
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    throw new RunStoreError(
      exists
        ? `${dir}: no run found (${RUN_FILE} is missing); pass the folder of a run, e.g. runs/<name>`
        : `${dir}: no such run folder; pass the folder of a run, e.g. runs/<name>`,
    );
  }
  return {
    dir,
    name: doc.name,
    space: doc.space,
    config: doc.config,
    trials: doc.trials,
    frontier: doc.frontier,
    ...(doc.frontierRung !== undefined ? { frontierRung: doc.frontierRung } : {}),
    ...(doc.rungFrontiers !== undefined ? { rungFrontiers: doc.rungFrontiers } : {}),
    hypervolume: doc.hypervolume,
    parents: doc.parents,
  };
}
