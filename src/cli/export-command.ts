/**
 * `spin-nas export <run>`: one trial's trained model (`--trial <id> --out <dir>`, the
 * default format), or the whole run as an Optuna study (`--format optuna-journal`, a
 * JournalFileStorage file; `--watch` keeps appending while the run goes on).
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { JournalBuilder, appendJournal, checkJournalTarget, journalText, writeJournal, type JournalUpdate } from '../interop/optuna/index.js';
import { loadRunSnapshot, type RunSnapshot } from '../store/index.js';

const FORMATS = ['model', 'optuna-journal'] as const;
type ExportFormat = (typeof FORMATS)[number];

/** Journal lines are written by this Optuna "worker"; a file it started may be overwritten by a later export. */
export const JOURNAL_WORKER_ID = 'spin-nas-export';

interface ExportFlags {
  format?: string;
  trial?: string;
  out?: string;
  watch?: boolean;
  interval?: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the trained model of a trial (TensorFlow.js: model.json + weights.bin), or the whole run as an Optuna study')
    .argument('<run>', 'run folder, e.g. runs/convmixer-fmnist (works while the run is in progress)')
    .option('--format <format>', 'model (one trial, needs --trial) or optuna-journal (every trial, an Optuna JournalFileStorage file)', 'model')
    .option('--trial <id>', 'model: trial id, e.g. t0007-r1 (a frontier trial: the run keeps their weights)')
    .option('--out <path>', 'model: folder for model.json and weights.bin; optuna-journal: the journal file (default: standard output)')
    .option('--watch', 'optuna-journal: keep appending as the run progresses, until Ctrl-C')
    .option('--interval <seconds>', 'optuna-journal --watch: seconds between looks at the run', '2')
    .action(async (run: string, flags: ExportFlags) => {
      const format = parseFormat(flags);
      if (format === 'model') await exportModel(run, flags);
      else await exportJournal(run, flags);
    });
}

function parseFormat(flags: ExportFlags): ExportFormat {
  const format = flags.format ?? 'model';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`option --format: got ${JSON.stringify(format)}; use model (one trial's weights, with --trial) or optuna-journal (the whole run)`);
  }
  if (format === 'model') {
    if (flags.watch) throw new UsageError('option --watch: only with --format optuna-journal (a model export is written once)');
    if (flags.trial === undefined) {
      throw new UsageError('export: pass --trial <id> to export a trial\'s model (a frontier trial, e.g. t0004-r1), or --format optuna-journal to export the whole run');
    }
    if (flags.out === undefined) throw new UsageError('export: pass --out <dir>, the folder to write model.json and weights.bin to');
  } else {
    if (flags.trial !== undefined) {
      throw new UsageError(`option --trial: got ${JSON.stringify(flags.trial)}; --format optuna-journal exports every trial of the run, drop --trial`);
    }
    if (flags.watch && flags.out === undefined) throw new UsageError('option --watch: pass --out <file> too (the journal file to keep appending to)');
  }
  return format as ExportFormat;
}

async function exportModel(run: string, flags: ExportFlags): Promise<void> {
  const snapshot = await loadRunSnapshot(run);
  // TensorFlow.js is loaded only when a model is exported.
  const { exportTrialModel } = await import('../report/export.js');
  const summary = await exportTrialModel(snapshot, flags.trial!, flags.out!);
  const files = summary.files.map((f) => `${f.name} (${f.bytes} bytes)`).join(', ');
  process.stdout.write(
    `exported ${summary.trial} (${summary.label}, ${summary.params} parameters${summary.reduced ? ', fused weights reduced to the shared tensors' : ''}) ` +
      `to ${summary.to}: ${files}\n${summary.loadHint}\n`,
  );
}

async function exportJournal(run: string, flags: ExportFlags): Promise<void> {
  const interval = flags.watch ? parseInterval(flags.interval) : 0;
  if (flags.out !== undefined) await checkJournalTarget(flags.out, JOURNAL_WORKER_ID);
  const builder = new JournalBuilder(JOURNAL_WORKER_ID);
  const snapshot = await loadRunSnapshot(run);
  const first = builder.update(snapshot);
  warn(first);
  if (flags.out === undefined) {
    process.stdout.write(journalText(first.operations));
    return;
  }
  await writeJournal(flags.out, first.operations);
  process.stdout.write(`wrote ${flags.out}: ${describe(snapshot)}\n`);
  if (!flags.watch) {
    process.stdout.write(`open it: optuna.load_study(study_name=${JSON.stringify(snapshot.name)}, storage=optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(${JSON.stringify(flags.out)}))), or optuna-dashboard ${flags.out}\n`);
    return;
  }
  await watch(run, flags.out, builder, interval);
}

/** Appends what changed every `interval` seconds until Ctrl-C, then once more. */
async function watch(run: string, out: string, builder: JournalBuilder, interval: number): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.write(`watching ${run} every ${interval} s (Ctrl-C to stop)\n`);
  try {
    for (;;) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval * 1000);
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      const snapshot = await loadRunSnapshot(run);
      const update = builder.update(snapshot);
      warn(update);
      await appendJournal(out, update.operations);
      if (update.operations.length > 0) process.stdout.write(`appended ${update.operations.length} operations: ${describe(snapshot)}\n`);
      if (stop.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.stdout.write(`stopped watching; ${out} is complete up to the last look at the run\n`);
}

function parseInterval(text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new UsageError(`option --interval: got ${JSON.stringify(text)}; use a number of seconds above 0 (at most 3600), e.g. --interval 2`);
  }
  return value;
}

function warn(update: JournalUpdate): void {
  for (const line of update.skipped) process.stderr.write(`spin-nas: warning: left out of the journal: ${line}\n`);
}

function describe(s: RunSnapshot): string {
  const count = (state: string): number => s.trials.filter((t) => t?.state === state).length;
  return (
    `study ${JSON.stringify(s.name)}, ${s.trials.length} trials (${count('done')} complete, ${count('failed')} failed, ` +
    `${count('running')} running, ${count('pending')} waiting), objectives ${s.space.objectives.map((o) => `${o.metric} ${o.direction}`).join(', ')}`
  );
}
