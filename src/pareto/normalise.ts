/**
 * Objective normalisation used for hypervolume. Every objective becomes a minimisation
 * value in [0, 1] (values outside are allowed and simply clipped by the reference point):
 *
 * - accuracy (maximised, already in [0, 1]) -> 1 - accuracy
 * - params, flops (minimised) -> value / scale, where the scale is fixed when a run starts
 *   (the space's constraint when it sets one, else the largest value over the space's
 *   backbones) and stored with the run, so the hypervolume curve is comparable over trials.
 * - any other objective: value / scale (minimised) or 1 - value / scale (maximised).
 *
 * The reference point is 1.1 in every normalised objective, so even the worst-scoring
 * feasible model (accuracy 0 or the largest model) still adds a thin slice of volume.
 */
import type { Direction } from './dominance.js';

export const REFERENCE_COORDINATE = 1.1;

export interface ObjectiveScale {
  name: string;
  direction: Direction;
  /** Divisor applied before the direction is folded in; 1 for accuracy. */
  scale: number;
}

export function referencePoint(objectives: number): number[] {
  return new Array<number>(objectives).fill(REFERENCE_COORDINATE);
}

export function normalise(values: readonly number[], scales: readonly ObjectiveScale[]): number[] {
  return values.map((v, i) => {
    const s = scales[i]!;
    const x = v / s.scale;
    return s.direction === 'maximize' ? 1 - x : x;
  });
}

export function describeNormalisation(scales: readonly ObjectiveScale[]): string {
  const parts = scales.map((s) =>
    s.direction === 'maximize'
      ? `${s.name}: 1 - ${s.name}${s.scale === 1 ? '' : `/${s.scale}`}`
      : `${s.name}: ${s.name}/${s.scale}`,
  );
  return `minimised, normalised (${parts.join('; ')}); reference ${REFERENCE_COORDINATE} per objective`;
}
