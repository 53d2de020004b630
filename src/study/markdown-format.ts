/** Number formats of the study's Markdown (pure, locale-independent). */
import { mean } from './stats.js';

export function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function compact(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** An accuracy in percent, 2 decimals. */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : (x * 100).toFixed(2);
}

/** Mean accuracy in percent with its 95% interval: "88.12 [87.50, 88.74]". */
export function meanCi(values: readonly number[], interval: { low: number; high: number } | null): string {
  if (values.length === 0) return 'n/a';
  return interval ? `${pct(mean(values))} [${pct(interval.low)}, ${pct(interval.high)}]` : pct(mean(values));
}

/** A difference in accuracy points with its interval: "+0.42 [-0.10, +0.94]". */
export function points(diff: number, low?: number, high?: number): string {
  if (!Number.isFinite(diff)) return 'n/a';
  const s = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`;
  return low !== undefined && high !== undefined && Number.isFinite(low) ? `${s(diff)} [${s(low)}, ${s(high)}]` : s(diff);
}

export function pValue(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

export function ratio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a';
}
