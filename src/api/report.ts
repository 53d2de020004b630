/**
 * Reports and the Optuna export of a run, from code: the same functions `spin-nas report` and
 * `spin-nas export --format optuna-journal` call (model exports: src/export's exportModel).
 */
import { toArchSpec } from '../arch/index.js';
import { UsageError } from '../errors.js';
import { JournalBuilder, checkJournalTarget, journalText, writeJournal } from '../interop/optuna/index.js';
import { loadReportInput, loadVegaBundles, renderReport, type ReportFormat } from '../report/index.js';
import { loadRunSnapshot, type RunSnapshot } from '../store/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export type { ReportFormat };

/** The report of the run in `run` (a run folder) in one format: 'md', 'csv', 'json' or 'html' (self-contained page). */
export async function renderRunReport(run: string, format: ReportFormat): Promise<string> {
  return (await reportOf(run, format)).text;
}

/** What writeRunReport wrote: the file, its format, and the run's trials and frontier size at that moment. */
export interface ReportWritten {
  file: string;
  format: ReportFormat;
  trials: number;
  frontier: number;
}

/** Writes the report to `file` atomically (a reader never sees half a file). */
export async function writeRunReport(run: string, file: string, format: ReportFormat): Promise<ReportWritten> {
  const { text, snapshot } = await reportOf(run, format);
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    throw new UsageError(`--out ${file}: cannot write the report (${(error as Error).message}); pass a writable file path`, { cause: error });
  }
  return { file, format, trials: snapshot.trials.length, frontier: snapshot.frontier.length };
}

async function reportOf(run: string, format: ReportFormat): Promise<{ text: string; snapshot: RunSnapshot }> {
  const { snapshot, parents } = await loadReportInput(run);
  const bundles = format === 'html' ? await loadVegaBundles() : undefined;
  return { text: renderReport(snapshot, format, { decode: toArchSpec, parents, ...(bundles ? { bundles } : {}) }), snapshot };
}

/**
 * The whole run as an Optuna study (a JournalFileStorage file): written to `file` when
 * given, and returned as text either way, with the lines of trials it had to leave out.
 */
export async function exportOptunaJournal(run: string, file?: string): Promise<{ text: string; skipped: string[] }> {
  const builder = new JournalBuilder('spin-nas-export');
  if (file !== undefined) await checkJournalTarget(file, 'spin-nas-export');
  const update = builder.update(await loadRunSnapshot(run));
  if (file !== undefined) await writeJournal(file, update.operations);
  return { text: journalText(update.operations), skipped: update.skipped };
}
