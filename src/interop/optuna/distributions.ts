/**
 * Each gene of a space as an Optuna parameter distribution. A gene whose choices are
 * integers forming an evenly spaced range (width 32, 48, 64; depth 4, 6, 8; mappingSeed
 * 0..2) is an `IntDistribution(low, high, step)`: its values are exactly the choices, and
 * Optuna's slice, contour and importance plots treat it as a number. Every other gene is a
 * `CategoricalDistribution` over its choices in the space file's order, so a parameter's
 * internal value is the genome's own index. An uneven integer list such as shareRate 1, 2, 4
 * stays categorical: an IntDistribution (step 1, or log scale) would claim 3 is possible.
 * Pure.
 */
import { genes, type Gene, type GeneName } from '../../space/genes.js';
import type { SearchSpace } from '../../space/types.js';
import { pythonJson } from './journal.js';

export type CategoricalChoice = string | number | boolean | null;

export type OptunaDistribution =
  | { name: 'IntDistribution'; attributes: { log: false; step: number; low: number; high: number } }
  | { name: 'CategoricalDistribution'; attributes: { choices: CategoricalChoice[] } };

export interface GeneParameter {
  name: GeneName;
  distribution: OptunaDistribution;
  /** `distribution_to_json` of the distribution. */
  json: string;
  /** Optuna's internal representation of the value at a choice index. */
  internal(index: number): number;
  /** The value Optuna shows (its external representation) at a choice index. */
  external(index: number): CategoricalChoice;
}

/** The parameters of a space, in genome order. */
export function geneParameters(space: SearchSpace): GeneParameter[] {
  return genes(space).map(parameterOf);
}

function parameterOf(gene: Gene): GeneParameter {
  const range = integerRange(gene.choices);
  if (range !== null) {
    const distribution: OptunaDistribution = { name: 'IntDistribution', attributes: { log: false, ...range } };
    const value = (index: number): number => gene.choices[index] as number;
    return { name: gene.name, distribution, json: pythonJson(distribution), internal: value, external: value };
  }
  const choices = gene.choices.map((c) => choiceLabel(gene.name, c));
  const distribution: OptunaDistribution = { name: 'CategoricalDistribution', attributes: { choices } };
  return { name: gene.name, distribution, json: pythonJson(distribution), internal: (index) => index, external: (index) => choices[index]! };
}

/** step/low/high when the choices are distinct integers evenly spaced once sorted; else null. */
export function integerRange(choices: readonly unknown[]): { step: number; low: number; high: number } | null {
  if (choices.length === 0 || !choices.every((c) => Number.isSafeInteger(c))) return null;
  const sorted = (choices as number[]).slice().sort((a, b) => a - b);
  const step = sorted.length === 1 ? 1 : sorted[1]! - sorted[0]!;
  if (step <= 0) return null;
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! !== step) return null;
  return { step, low: sorted[0]!, high: sorted[sorted.length - 1]! };
}

/**
 * A choice as an Optuna categorical value (None, bool, int, float or str): component sets
 * read "pointwise+depthwise" ("none" when nothing is shared); group-size lists "3-2-1".
 */
export function choiceLabel(gene: GeneName, value: unknown): CategoricalChoice {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) {
    if (gene === 'components') return value.length === 0 ? 'none' : value.join('+');
    return value.join('-');
  }
  return JSON.stringify(value);
}
