/**
 * runStudy(): a study from code, as `spin-nas study` runs it (every unit an ordinary run
 * under runs/<study>/<unit>/, resumable), resolving to its aggregated results; and the
 * writer of results.md / results.json / results.html.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadVegaBundles } from '../report/index.js';
import { aggregateRows } from '../study/aggregate.js';
import type { StudyResults } from '../study/result-types.js';
import { rowsFromDocs } from '../study/data.js';
import { renderStudyHtml } from '../study/html.js';
import { renderStudyMarkdown } from '../study/markdown.js';
import { renderStudyMarkdownV3 } from '../study/markdown-v3.js';
import { runStudy as runStudyUnits, type StudyOptions, type StudyRun } from '../study/run.js';

export type { StudyOptions, StudyResults };

export interface StudyOutcome {
  /** The study's folder, runs/<study>. */
  dir: string;
  /** True when the signal stopped it: the same call resumes. */
  interrupted: boolean;
  /** The results of what is stored so far (complete: results.complete). */
  results: StudyResults;
  wallSeconds: number;
  /** The study as loaded and planned, and every unit's stored run document. */
  run: StudyRun;
}

/** Runs (or resumes) a study file, e.g. studies/spin-fmnist.json; the results are not written (see writeStudyResults). */
export async function runStudy(options: StudyOptions): Promise<StudyOutcome> {
  const run = await runStudyUnits(options);
  const rows = rowsFromDocs(run.plan, run.docs, run.loaded.space, run.committed);
  const results = aggregateRows(run.loaded.study, run.loaded.space, run.plan, rows);
  return { dir: run.dir, interrupted: run.interrupted, results, wallSeconds: run.wallSeconds, run };
}

/** Writes results.md, results.json and results.html into `dir`; byte-stable (the same results give the same files). Resolves to their paths. */
export async function writeStudyResults(dir: string, results: StudyResults): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = ['results.md', 'results.json', 'results.html'].map((name) => join(dir, name));
  await writeFile(files[0]!, results.v3 ? renderStudyMarkdownV3(results, results.v3) : renderStudyMarkdown(results));
  await writeFile(files[1]!, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(files[2]!, renderStudyHtml(results, await loadVegaBundles()));
  return files;
}
