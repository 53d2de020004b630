/**
 * `spin-nas study <study-file>`: runs (or resumes) a study, one line per finished trial with
 * the study's overall progress and ETA, then writes runs/<study>/results.md and results.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseBudgetFlag, type TrainerKind } from '../search/index.js';
import { loadVegaBundles } from '../report/index.js';
import { aggregateStudy } from '../study/aggregate.js';
import { renderStudyHtml } from '../study/html.js';
import { loadStudy } from '../study/load.js';
import { renderStudyMarkdown } from '../study/markdown.js';
import { readStudyDocs, runStudy } from '../study/run.js';
import { planStudy } from '../study/units.js';
import type { BackendName } from '../train/types.js';
import { formatCompact } from './format-numbers.js';
import { redisTarget } from '../distributed/url.js';
import { stopOnSignals } from './signals.js';

interface StudyFlags {
  runsDir: string;
  workers?: string;
  backend: string;
  dataDir?: string;
  budget?: string;
  trainer: string;
  reportOnly?: boolean;
  redis?: string;
}

const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow', 'tensorflow-gpu'];

export function registerStudyCommand(program: Command): void {
  program
    .command('study')
    .description('run (or resume) a study: fixed architectures and searches over seeds, then write its results')
    .argument('<study-file>', 'study JSON file, e.g. studies/spin-fmnist.json')
    .option('--runs-dir <dir>', 'folder holding runs (the study goes in <dir>/<study name>)', 'runs')
    .option('--workers <n>', 'trials trained in parallel (default: one per CPU core)')
    .option('--backend <name>', `training backend: ${BACKENDS.join('|')}`, 'auto')
    .option('--data-dir <dir>', 'dataset folder (default: the dataset\'s standard place)')
    .option('--budget <spec>', 'override the study budget: key=value pairs (epochs=1,trainSubset=500) or JSON')
    .option('--trainer <kind>', 'local (train in worker threads) or synthetic (dry run: scores made up)', 'local')
    .option('--redis <url>', 'train on `spin-nas worker` processes through this Redis (redis://:password@host:6379 or rediss://)')
    .option('--report-only', 'do not train: write the results of what is stored so far')
    .action(async (file: string, flags: StudyFlags) => {
      process.exitCode = await studyAction(file, flags);
    });
}

async function studyAction(file: string, flags: StudyFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend)) throw new UsageError(`option --backend: got ${JSON.stringify(flags.backend)}; use one of ${BACKENDS.join(', ')}`);
  if (flags.trainer !== 'local' && flags.trainer !== 'synthetic') throw new UsageError(`option --trainer: got ${JSON.stringify(flags.trainer)}; use local or synthetic`);
  const workers = flags.workers === undefined ? undefined : positive('--workers', flags.workers);
  const budget = flags.budget === undefined ? undefined : parseBudgetFlag(flags.budget);
  const command = ['spin-nas', 'study', ...process.argv.slice(3)].join(' ');

  if (flags.reportOnly) {
    const loaded = loadStudy(file);
    const plan = planStudy(loaded.study, loaded.space);
    const dir = join(flags.runsDir, loaded.study.name);
    const docs = await readStudyDocs(dir, plan);
    await writeResults(dir, aggregateStudy(loaded.study, loaded.space, plan, docs), command);
    return 0;
  }

  const stop = stopOnSignals('study');
  const started = Date.now();
  let finished = 0;
  let total = 0;
  let resumed = 0;
  try {
    const run = await runStudy({
      studyFile: file,
      runsDir: flags.runsDir,
      backend: flags.backend as BackendName | 'auto',
      trainer: flags.trainer as TrainerKind,
      ...(workers !== undefined ? { workers } : {}),
      ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
      ...(flags.redis !== undefined ? { redis: { url: redisTarget(flags.redis).url } } : {}),
      ...(budget !== undefined ? { budget } : {}),
      signal: stop.signal,
      onUnit: ({ unit, index, count, totalTrials }) => {
        total = totalTrials;
        process.stdout.write(`== unit ${index + 1}/${count}: ${unit.name} (${unit.kind}, ${unit.trials} trials, seed ${unit.seed})\n`);
      },
      onOpen: (_unit, info) => {
        finished += info.done;
        resumed += info.done;
      },
      onEvent: (unit, e) => {
        if (e.type !== 'finished' && e.type !== 'failed') return;
        finished++;
        const t = e.trial;
        const elapsed = (Date.now() - started) / 1000;
        const fresh = finished - resumed;
        const eta = finished < total && fresh > 0 ? ` | ETA ~${(((elapsed / fresh) * (total - finished)) / 60).toFixed(0)} min` : '';
        const what = e.type === 'finished' ? `acc ${((t.result?.valAccuracy ?? 0) * 100).toFixed(2)}% params ${formatCompact(t.cost.params)}` : `FAILED: ${t.error ?? 'unknown error'}`;
        process.stdout.write(`[${unit.name} ${e.finished}/${e.total}] ${t.label} | ${what} | study ${finished}/${total} trials, ${(elapsed / 60).toFixed(1)} min${eta}\n`);
      },
    });
    const results = aggregateStudy(run.loaded.study, run.loaded.space, run.plan, run.docs);
    await writeResults(run.dir, results, command, run.wallSeconds);
    if (run.interrupted) {
      process.stdout.write(`stopped; the study is saved in ${run.dir}. Resume with the same command: ${command}\n`);
      return 130;
    }
    return 0;
  } finally {
    stop.dispose();
  }
}

async function writeResults(dir: string, results: ReturnType<typeof aggregateStudy>, command: string, wallSeconds?: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const markdown = renderStudyMarkdown(results, { command, ...(wallSeconds !== undefined ? { wallSeconds } : {}) });
  await writeFile(join(dir, 'results.md'), markdown);
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(dir, 'results.html'), renderStudyHtml(results, await loadVegaBundles()));
  const c = results.compute;
  process.stdout.write(
    `study ${results.study}: ${results.complete ? 'complete' : 'incomplete'}; ${c.trials} trainings, ${c.trainerHours.toFixed(2)} trainer-hours, ` +
      `${c.imagesSeen.toLocaleString('en-US')} images seen\nresults: ${join(dir, 'results.md')}, results.json and results.html (plot)\n`,
  );
}

function positive(flag: string, text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`option ${flag}: got ${JSON.stringify(text)}; use a positive integer`);
  return n;
}
