/**
 * Reports of a run: Markdown, CSV, JSON and a self-contained HTML page, each a pure
 * rendering of the Report model built from a RunSnapshot; and export of trained models.
 */
import { UsageError } from '../errors.js';
import type { RunSnapshot } from '../store/types.js';
import { renderCsv } from './csv.js';
import { renderHtml, type VegaBundles } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { buildReport, type ReportOptions } from './model.js';

export { buildReport, type ReportOptions } from './model.js';
export type { UnsharedParent } from './compare.js';
export { renderCsv, CSV_COLUMNS } from './csv.js';
export { renderHtml, type VegaBundles } from './html.js';
export { renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { loadVegaBundles } from './assets.js';
export { loadReportInput, type ReportInput } from './load.js';
export { findExportable, resolveCheckpoint, KEEP_WEIGHTS_HINT, type Exportable } from './exportable.js';
// export.ts (exportTrialModel) loads TensorFlow.js: import it from './report/export.js' where a model is exported.
export { describeArch, describeLabel, type ArchDecoder } from './describe.js';
export { plotPoints, reportPlots, staircase, MARK_NAMES, type PlotPoint } from './vega-specs.js';
export * from './types.js';
export { reportJsonSchema } from './schema.js';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function parseReportFormat(value: string): ReportFormat {
  const format = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new UsageError(`unknown report format ${JSON.stringify(value)}; use one of ${REPORT_FORMATS.join(', ')} (--format md|csv|json|html)`);
}

/** Renders a run in one format. HTML needs the Vega bundles (loadVegaBundles()). */
export function renderReport(
  snapshot: RunSnapshot,
  format: ReportFormat,
  options: ReportOptions & { bundles?: VegaBundles } = {},
): string {
  const report = buildReport(snapshot, options);
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'json':
      return renderJson(report);
    case 'html':
      if (!options.bundles) throw new Error('renderReport: the html format needs options.bundles (loadVegaBundles())');
      return renderHtml(report, options.bundles);
  }
}
