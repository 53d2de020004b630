/** `spin-nas report <run>` (Markdown, CSV, JSON, HTML). `spin-nas export` is in export-command.ts. */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { toArchSpec } from '../arch/index.js';
import { UsageError } from '../errors.js';
import { loadReportInput, loadVegaBundles, parseReportFormat, renderReport, type ReportFormat } from '../report/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';

const EXTENSIONS: Record<string, ReportFormat> = { '.md': 'md', '.csv': 'csv', '.json': 'json', '.html': 'html', '.htm': 'html' };

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('report a run: its Pareto frontier, every trial, hypervolume and shared-vs-unshared comparisons')
    .argument('<run>', 'run folder, e.g. runs/convmixer-fmnist (works while the run is in progress)')
    .option('--format <format>', 'md, csv, json or html (default: from the --out extension, else md)')
    .option('--out <file>', 'write the report to FILE instead of standard output')
    .action(async (run: string, options: { format?: string; out?: string }) => {
      const format = chooseFormat(options.format, options.out);
      const { snapshot, parents } = await loadReportInput(run);
      const bundles = format === 'html' ? await loadVegaBundles() : undefined;
      const text = renderReport(snapshot, format, { decode: toArchSpec, parents, ...(bundles ? { bundles } : {}) });
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      await writeAtomically(options.out, text);
      process.stdout.write(`wrote ${options.out} (${format}, ${snapshot.trials.length} trials, ${snapshot.frontier.length} on the frontier)\n`);
    });
}

function chooseFormat(flag: string | undefined, out: string | undefined): ReportFormat {
  if (flag !== undefined) return parseReportFormat(flag);
  if (out !== undefined) return EXTENSIONS[extname(out).toLowerCase()] ?? 'md';
  return 'md';
}

async function writeAtomically(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    throw new UsageError(`--out ${file}: cannot write the report (${(error as Error).message}); pass a writable file path`, { cause: error });
  }
}
