/**
 * `spin-nas export <run>`: one trial's trained model (`--trial <id> --out <path>`) as
 * TensorFlow.js layers files (`--format model`, the default), an ONNX graph (`--format onnx`)
 * or a PyTorch folder (`--format pytorch`, `--training-form` for weight-fusion training), or the
 * whole run as an Optuna study (`--format optuna-journal`, a JournalFileStorage file; `--watch`
 * keeps appending while the run goes on). Model exports go through src/export's exportModel.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { JournalBuilder, appendJournal, checkJournalTarget, journalText, writeJournal, type JournalUpdate } from '../interop/optuna/index.js';
import { loadRunSnapshot, type RunSnapshot } from '../store/index.js';
import { exportModel, isModelFormat, MODEL_FORMATS, type ModelFormat } from '../export/index.js';

const FORMATS = [...MODEL_FORMATS, 'optuna-journal'] as const;
type ExportFormat = (typeof FORMATS)[number];

/** Journal lines are written by this Optuna "worker"; a file it started may be overwritten by a later export. */
export const JOURNAL_WORKER_ID = 'spin-nas-export';

interface ExportFlags {
  format?: string;
  trial?: string;
  out?: string;
  watch?: boolean;
  interval?: string;
  trainingForm?: boolean;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the trained model of a trial (TensorFlow.js, ONNX or PyTorch), or the whole run as an Optuna study')
    .argument('<run>', 'run folder, e.g. runs/convmixer-fmnist (works while the run is in progress)')
    .option('--format <format>', 'one trial (needs --trial): model (TensorFlow.js layers files), onnx (a .onnx file) or pytorch (a folder: model.py, weights.npz, README.md); or optuna-journal (every trial, an Optuna JournalFileStorage file)', 'model')
    .option('--trial <id>', 'model, onnx, pytorch: trial id, e.g. t0007-r1 (a frontier trial: the run keeps their weights)')
    .option('--out <path>', 'model, pytorch: a new folder; onnx: a new file, e.g. model.onnx; optuna-journal: the journal file (default: standard output)')
    .option('--training-form', 'pytorch: a weight-fusion trial keeps its unshared members and reduction weights, to continue fusion training')
    .option('--watch', 'optuna-journal: keep appending as the run progresses, until Ctrl-C')
    .option('--interval <seconds>', 'optuna-journal --watch: seconds between looks at the run', '2')
    .action(async (run: string, flags: ExportFlags) => {
      const format = parseFormat(flags);
      if (isModelFormat(format)) await exportTrial(run, format, flags);
      else await exportJournal(run, flags);
    });
}

function parseFormat(flags: ExportFlags): ExportFormat {
  const format = flags.format ?? 'model';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `option --format: got ${JSON.stringify(format)}; use model (TensorFlow.js), onnx or pytorch (one trial's model, with --trial), or optuna-journal (the whole run)`,
    );
  }
  if (isModelFormat(format)) {
    if (flags.watch) throw new UsageError('option --watch: only with --format optuna-journal (a model export is written once)');
    if (flags.trial === undefined) {
      throw new UsageError('export: pass --trial <id> to export a trial\'s model (a frontier trial, e.g. t0004-r1), or --format optuna-journal to export the whole run');
    }
    if (flags.out === undefined) throw new UsageError(`export: pass --out <path>, ${OUT_HINT[format]}`);
  } else {
    if (flags.trainingForm) throw new UsageError('option --training-form: only with --format pytorch');
    if (flags.trial !== undefined) {
      throw new UsageError(`option --trial: got ${JSON.stringify(flags.trial)}; --format optuna-journal exports every trial of the run, drop --trial`);
    }
    if (flags.watch && flags.out === undefined) throw new UsageError('option --watch: pass --out <file> too (the journal file to keep appending to)');
  }
  return format as ExportFormat;
}

const OUT_HINT: Record<ModelFormat, string> = {
  model: 'the folder to write model.json and weights.bin to',
  onnx: 'the ONNX file to write, e.g. --out model.onnx',
  pytorch: 'the folder to write model.py, weights.npz and README.md to',
};

async function exportTrial(run: string, format: ModelFormat, flags: ExportFlags): Promise<void> {
  const summary = await exportModel(run, flags.trial!, { format, out: flags.out!, trainingForm: flags.trainingForm === true });
  const files = summary.files.map((f) => `${f.name} (${f.bytes} bytes)`).join(', ');
  const form = summary.form === 'training' ? ', training form: fused members and reduction weights kept' : summary.reduced ? ', fused weights reduced to the shared tensors' : '';
  process.stdout.write(
    `exported ${summary.trial} (${summary.label}, ${summary.params} parameters${form}) as ${format} ` +
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
