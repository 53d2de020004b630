/** Number and text formatting shared by the text formats. */
import type { TrialRow } from './types.js';

/** 1234567 -> "1.23M", 45600 -> "45.6k". */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return String(value);
}

/** 0.8734 -> "87.34%"; null -> "–". */
export function percent(value: number | null, digits = 2): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** A signed difference in percentage points: -0.0123 -> "-1.23 pt". */
export function points(value: number): string {
  const text = (value * 100).toFixed(2);
  return `${value > 0 ? '+' : ''}${text} pt`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '–';
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** Infeasibility and error of a trial, in words. */
export function notes(row: TrialRow): string {
  const parts: string[] = [];
  if (row.infeasible) parts.push('infeasible (violates the space constraints)');
  if (row.error !== null) parts.push(`error: ${row.error}`);
  return parts.join('; ');
}

/** 1 -> "1 trial", 3 -> "3 trials". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
