/** Confidence intervals for study tables (pure): the t interval of a mean over seeds. */
import { studentTQuantile } from './inference.js';
import { mean, std } from './stats.js';

/** 95% (or `level`) t interval of the mean; null with fewer than two values. */
export function meanInterval(values: readonly number[], level = 0.95): { low: number; high: number } | null {
  if (values.length < 2) return null;
  const m = mean(values);
  const half = studentTQuantile(1 - (1 - level) / 2, values.length - 1) * (std(values) / Math.sqrt(values.length));
  return { low: m - half, high: m + half };
}
