/** Small statistics for study tables: mean ± sample standard deviation, Kendall's tau-b. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sq = 0;
  for (const v of values) sq += (v - m) * (v - m);
  return Math.sqrt(sq / (values.length - 1));
}

/**
 * Kendall's tau-b between two paired samples (ties handled as in tau-b). O(n^2), which is
 * plenty for the few dozen architectures a study ranks. NaN when fewer than two pairs or
 * when one side is constant.
 */
export function kendallTau(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`kendallTau: lengths differ (${x.length} vs ${y.length})`);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denominator === 0 ? Number.NaN : (concordant - discordant) / denominator;
}

/** "0.812 ± 0.004" with a fixed number of decimals; "0.812" for one value. */
export function formatMeanStd(values: readonly number[], decimals = 3): string {
  if (values.length === 0) return 'n/a';
  const m = mean(values).toFixed(decimals);
  return values.length === 1 ? m : `${m} ± ${std(values).toFixed(decimals)}`;
}
