/**
 * `spin-nas study <study-file>`: runs (or resumes) a study, one line per finished trial with
 * the study's overall progress and ETA, then writes runs/<study>/results.md and results.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { writeStudyResults } from '../api/study.js';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { InputFileError } from '../errors.js';
import type { TrainerKind } from '../search/index.js';
import type { ProxyBudget } from '../space/types.js';
import { aggregateRows } from '../study/aggregate.js';
import type { StudyResults } from '../study/result-types.js';
import { rowsFromDocs, rowsFromJsonl, rowsToJsonl, type TrialRow } from '../study/data.js';
import { loadStudy } from '../study/load.js';
import { readStudyDocs, runStudy } from '../study/run.js';
import { unitRowsOf } from '../study/restore.js';
import { StudyWork } from '../study/progress.js';
import { planStudy } from '../study/units.js';
import type { BackendName } from '../train/types.js';
import { formatCompact } from './format-numbers.js';
import { backendOption, budgetOption, integerOption, trainerOption } from './options.js';
import { redisTarget } from '../distributed/url.js';
import { stopOnSignals } from './signals.js';

/** The flags, already checked and converted by options.ts. */
interface StudyFlags {
  runsDir: string;
  workers?: number;
  backend: BackendName | 'auto';
  dataDir?: string;
  budget?: Partial<ProxyBudget>;
  trainer: TrainerKind;
  reportOnly?: boolean;
  data?: string;
  fromData?: string;
  resultsDir?: string;
  redis?: string;
}

export function registerStudyCommand(program: Command): void {
  program
    .command('study')
    .description('run (or resume) a study: fixed architectures and searches over seeds, then write its results')
    .argument('<study-file>', 'study JSON file, e.g. studies/spin-fmnist.json')
    .option('--runs-dir <dir>', 'folder holding runs (the study goes in <dir>/<study name>)', 'runs')
    .addOption(integerOption('--workers <n>', 'trials trained in parallel (default: one per CPU core)', 1))
    .addOption(backendOption())
    .option('--data-dir <dir>', 'dataset folder (default: the dataset\'s standard place)')
    .addOption(budgetOption('override the study budget: key=value pairs (epochs=1,trainSubset=500) or JSON'))
    .addOption(trainerOption('local (train in worker threads) or synthetic (dry run: scores made up)'))
    .option('--redis <url>', 'train on `spin-nas worker` processes through this Redis (redis://:password@host:6379 or rediss://)')
    .option('--report-only', 'do not train: write the results (and the per-trial data) of what is stored so far')
    .option('--data <file>', 'where to write the per-trial data, JSON lines (default: <runs-dir>/<study>/trials.jsonl)')
    .option('--from-data <file>', 'do not train or read runs: rebuild every table and plot from this per-trial data file')
    .option('--results-dir <dir>', 'where results.md, results.json and results.html go (default: <runs-dir>/<study>)')
    .action(async (file: string, flags: StudyFlags) => {
      process.exitCode = await studyAction(file, flags);
    });
}

function planned(file: string, budget: Partial<ProxyBudget> | undefined): { loaded: ReturnType<typeof loadStudy>; plan: ReturnType<typeof planStudy> } {
  const loaded = loadStudy(file);
  if (budget) loaded.study.budget = { ...loaded.study.budget, ...budget };
  return { loaded, plan: planStudy(loaded.study, loaded.space) };
}

async function studyAction(file: string, flags: StudyFlags): Promise<number> {
  const { workers, budget } = flags;
  const command = ['spin-nas', 'study', ...process.argv.slice(3)].join(' ');
  const out = (name: string): { results: string; data: string } => ({
    results: flags.resultsDir ?? join(flags.runsDir, name),
    data: flags.data ?? join(flags.runsDir, name, 'trials.jsonl'),
  });

  if (flags.fromData !== undefined) {
    const { loaded, plan } = planned(file, budget);
    const rows = rowsFromJsonl(readData(flags.fromData), flags.fromData);
    await writeResults(out(loaded.study.name).results, aggregateRows(loaded.study, loaded.space, plan, rows));
    return 0;
  }
  if (flags.reportOnly) {
    const { loaded, plan } = planned(file, budget);
    const docs = await readStudyDocs(join(flags.runsDir, loaded.study.name), plan);
    const committed = committedRows(out(loaded.study.name).data);
    // A unit with no stored run keeps its committed rows: rewriting the file loses none.
    const rows = rowsFromDocs(plan, docs, loaded.space, committed ? unitRowsOf(plan, loaded.space, committed.rows, committed.file) : undefined);
    await writeData(out(loaded.study.name).data, rows);
    await writeResults(out(loaded.study.name).results, aggregateRows(loaded.study, loaded.space, plan, rows));
    return 0;
  }

  // What an earlier run committed: finished units in it need no store (a fresh machine).
  const committed = committedRows(out(loadStudy(file).study.name).data);
  // The ETA weighs each training by its work (FLOPs x images): trials differ 100-fold in cost.
  let work: StudyWork | undefined;
  const stop = stopOnSignals('study');
  const started = Date.now();
  let finished = 0;
  let total = 0;
  let bounded = false;
  try {
    const run = await runStudy({
      studyFile: file,
      runsDir: flags.runsDir,
      backend: flags.backend,
      trainer: flags.trainer,
      ...(workers !== undefined ? { workers } : {}),
      ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
      ...(flags.redis !== undefined ? { redis: { url: redisTarget(flags.redis).url } } : {}),
      ...(budget !== undefined ? { budget } : {}),
      signal: stop.signal,
      onPlan: (plan, space) => {
        work = new StudyWork(plan, space);
        // A search stopped by its compute budget runs fewer trials than its bound.
        bounded = plan.units.some((u) => u.maxCompute !== undefined);
      },
      onUnit: ({ unit, index, count, totalTrials }) => {
        total = totalTrials;
        work?.started(unit);
        process.stdout.write(`== unit ${index + 1}/${count}: ${unit.name} (${unit.kind}, ${unit.trials} trials, seed ${unit.seed})\n`);
      },
      ...(committed ? { committed } : {}),
      onRestored: ({ unit, index, count, trials, trainings }) => {
        work?.started(unit);
        finished += trials;
        work?.resumed(unit.name, trials);
        work?.ended(unit.name);
        process.stdout.write(`== unit ${index + 1}/${count}: ${unit.name}: finished in ${committed!.file} (${trainings} trainings) and not in ${flags.runsDir}; taken from there, not trained again\n`);
      },
      onUnitEnd: (unit) => work?.ended(unit.name),
      onOpen: (unit, info) => {
        finished += info.done;
        work?.resumed(unit.name, info.done);
      },
      onEvent: (unit, e) => {
        if (e.type !== 'finished' && e.type !== 'failed') return;
        finished++;
        const t = e.trial;
        work?.finished(unit, t.genome);
        const elapsed = (Date.now() - started) / 1000;
        const left = work?.etaSeconds(elapsed);
        const eta = work && finished < total && left !== undefined ? ` | ${(work.fraction() * 100).toFixed(0)}% of the work, ETA ~${(left / 60).toFixed(0)} min` : '';
        const what = e.type === 'finished' ? `acc ${((t.result?.valAccuracy ?? 0) * 100).toFixed(2)}% params ${formatCompact(t.cost.params)}` : `FAILED: ${t.error ?? 'unknown error'}`;
        process.stdout.write(`[${unit.name} ${e.finished}/${e.total}] ${t.label} | ${what} | study ${finished} of ${bounded ? 'at most ' : ''}${total} trials, ${(elapsed / 60).toFixed(1)} min${eta}\n`);
      },
    });
    const rows = rowsFromDocs(run.plan, run.docs, run.loaded.space, run.committed);
    await writeData(out(run.loaded.study.name).data, rows);
    await writeResults(out(run.loaded.study.name).results, aggregateRows(run.loaded.study, run.loaded.space, run.plan, rows));
    process.stdout.write(`wall time of this invocation: ${(run.wallSeconds / 60).toFixed(1)} min\n`);
    if (run.interrupted) {
      process.stdout.write(`stopped; the study is saved in ${run.dir}. Resume with the same command: ${command}\n`);
      return 130;
    }
    return 0;
  } finally {
    stop.dispose();
  }
}

/** The study's per-trial data file when it exists (undefined when not: a first run). */
function committedRows(file: string): { rows: TrialRow[]; file: string } | undefined {
  if (!existsSync(file)) return undefined;
  return { rows: rowsFromJsonl(readData(file), file), file };
}

function readData(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(file, '', file, 'give the trials.jsonl a study run (or --report-only) wrote', `cannot be read (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
}

async function writeData(file: string, rows: TrialRow[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, rowsToJsonl(rows));
  process.stdout.write(`per-trial data: ${file} (${rows.length} trainings)\n`);
}

/** Byte-stable outputs: the same rows always give the same three files. */
async function writeResults(dir: string, results: StudyResults): Promise<void> {
  await writeStudyResults(dir, results);
  const c = results.compute;
  process.stdout.write(
    `study ${results.study}: ${results.complete ? 'complete' : 'incomplete'}; ${c.trials} trainings, ${c.trainerHours.toFixed(2)} trainer-hours, ` +
      `${c.imagesSeen.toLocaleString('en-US')} images seen\nresults: ${join(dir, 'results.md')}, results.json and results.html (plot)\n`,
  );
}
