/** `spin-nas report <run>` (Markdown, CSV, JSON, HTML). `spin-nas export` is in export-command.ts. */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { renderRunReport, writeRunReport } from '../api/report.js';
import { parseReportFormat, type ReportFormat } from '../report/index.js';

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
      if (options.out === undefined) {
        process.stdout.write(await renderRunReport(run, format));
        return;
      }
      const written = await writeRunReport(run, options.out, format);
      process.stdout.write(`wrote ${options.out} (${format}, ${written.trials} trials, ${written.frontier} on the frontier)\n`);
    });
}

function chooseFormat(flag: string | undefined, out: string | undefined): ReportFormat {
  if (flag !== undefined) return parseReportFormat(flag);
  if (out !== undefined) return EXTENSIONS[extname(out).toLowerCase()] ?? 'md';
  return 'md';
}
