/** The accuracy-vs-parameters frontier of a table's points (pure): mean accuracy over seeds. */
import type { PointResult } from './result-types.js';
import { mean } from './stats.js';

/** Points no other point beats on both mean accuracy (higher) and parameters (fewer), by params. */
export function frontierOf(points: readonly PointResult[]): PointResult[] {
  const measured = points.filter((p) => p.accuracies.length > 0);
  return measured
    .filter((p) => !measured.some((q) => q !== p && q.params <= p.params && mean(q.accuracies) >= mean(p.accuracies) && (q.params < p.params || mean(q.accuracies) > mean(p.accuracies))))
    .sort((a, b) => a.params - b.params);
}
