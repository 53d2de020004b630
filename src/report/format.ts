/** Number and text formatting shared by the text formats. */
import type { TrialRow } from './types.js';

const UNITS: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/**
 * The project's one compact number format, three significant digits, independent of the
 * locale: 1234567 -> "1.23M", 45600 -> "45.6k", 950 -> "950", 999999 -> "1M".
 */
export function compactNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const at = UNITS.findIndex(([size]) => abs >= size);
  if (at < 0) return String(value);
  const [size, unit] = UNITS[at]!;
  const scaled = trim(value / size);
  // Rounding up to 1000 moves to the next unit: 999999 is "1M", not "1000k".
  if (Math.abs(Number(scaled)) >= 1000 && at > 0) return `${trim(value / UNITS[at - 1]![0])}${UNITS[at - 1]![1]}`;
  return `${scaled}${unit}`;
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
