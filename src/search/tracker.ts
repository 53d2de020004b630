/**
 * The run's frontier as results arrive: for each hash the result at its highest done rung,
 * feasible trials only, kept non-dominated incrementally; hypervolume recomputed when the
 * frontier changes.
 */
import { ParetoFrontier, hypervolume, referencePoint } from '../pareto/index.js';
import type { TrialRecord } from '../store/types.js';
import { normalisedValues } from './evaluation.js';
import type { SearchProblem } from './problem.js';

interface Best {
  id: string;
  rung: number;
  values: number[];
}

export class FrontierTracker {
  readonly reference: number[];
  #problem: SearchProblem;
  #best = new Map<string, Best>();
  #frontier = new ParetoFrontier();
  #hypervolume = 0;

  constructor(problem: SearchProblem, records: readonly TrialRecord[] = []) {
    this.#problem = problem;
    this.reference = referencePoint(problem.objectives.length);
    for (const r of records) this.#consider(r);
    this.#rebuild();
  }

  /** Takes a finished trial into account; returns true when the frontier changed. */
  add(record: TrialRecord): boolean {
    const before = this.#frontier.has(record.hash) ? this.#best.get(record.hash)?.id : undefined;
    const replaced = this.#consider(record);
    if (!replaced) return false;
    if (before !== undefined) {
      this.#rebuild();
      return true;
    }
    const best = this.#best.get(record.hash)!;
    const changed = this.#frontier.add(record.hash, best.values);
    if (changed) this.#hypervolume = hypervolume(this.#frontier.points(), this.reference);
    return changed;
  }

  /** Trial ids on the frontier. */
  ids(): string[] {
    return this.#frontier.ids().map((hash) => this.#best.get(hash)!.id);
  }

  get size(): number {
    return this.#frontier.size;
  }

  get hypervolume(): number {
    return this.#hypervolume;
  }

  #consider(record: TrialRecord): boolean {
    if (record.state !== 'done' || record.infeasible) return false;
    const known = this.#best.get(record.hash);
    if (known && known.rung >= record.rung) return false;
    this.#best.set(record.hash, { id: record.id, rung: record.rung, values: normalisedValues(this.#problem, record) });
    return true;
  }

  #rebuild(): void {
    this.#frontier = new ParetoFrontier();
    for (const [hash, best] of this.#best) this.#frontier.add(hash, best.values);
    this.#hypervolume = hypervolume(this.#frontier.points(), this.reference);
  }
}
