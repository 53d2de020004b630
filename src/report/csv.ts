/**
 * The report as CSV: one row per trial (RFC 4180 quoting by csv-stringify), with the same
 * columns as the JSON trial rows. Empty cells mean "unknown / not measured".
 */
import { stringify } from 'csv-stringify/sync';
import type { Report, TrialRow } from './types.js';

/** Column order of the CSV report (stable: new columns are only ever appended). */
export const CSV_COLUMNS = [
  'id', 'number', 'state', 'onFrontier', 'infeasible', 'backbone', 'sharing', 'shared', 'init', 'label',
  'params', 'trainingParams', 'flops', 'valAccuracy', 'valLoss', 'testAccuracy', 'rung', 'budget', 'backend',
  'seed', 'wallSeconds', 'imagesPerSecond', 'hash', 'parentHash', 'checkpoint', 'error', 'synthetic',
  'worker', 'trainingFlops', 'trainedImages', 'trainerSeconds', 'trainings', 'parentTrainingFlops',
] as const satisfies readonly (keyof TrialRow)[];

export function renderCsv(report: Report): string {
  const records = report.trials.map((row) => CSV_COLUMNS.map((column) => cellValue(row[column])));
  return stringify([[...CSV_COLUMNS], ...records], { record_delimiter: '\n' });
}

function cellValue(value: TrialRow[keyof TrialRow]): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
