/**
 * The run's frontier as results arrive, comparing like with like: one Pareto frontier per
 * rung (budget), over the feasible trials done at that rung. The run's frontier, and its
 * hypervolume, is the frontier of the highest rung any trial has reached; lower rungs'
 * frontiers are kept apart (reports show them, and their weights are kept), so a cheaply
 * evaluated architecture never competes with one trained on a larger budget.
 */
import { ParetoFrontier, hypervolume, referencePoint } from '../pareto/index.js';
import type { TrialRecord } from '../store/types.js';
import { normalisedValues } from './evaluation.js';
import type { SearchProblem } from './problem.js';

export class FrontierTracker {
  readonly reference: number[];
  #problem: SearchProblem;
  #byRung = new Map<number, ParetoFrontier>();
  /** `${rung}|${hash}` -> trial id */
  #ids = new Map<string, string>();
  #top: number | null = null;
  #hypervolume = 0;

  constructor(problem: SearchProblem, records: readonly TrialRecord[] = []) {
    this.#problem = problem;
    this.reference = referencePoint(problem.objectives.length);
    for (const r of records) this.#consider(r);
    this.#refresh();
  }

  /**
   * Takes a finished trial into account; returns true when a rung's frontier changed. The
   * hypervolume is recomputed only when the run's frontier (the top rung's) changed.
   */
  add(record: TrialRecord): boolean {
    if (!this.#consider(record)) return false;
    if (this.#top === null || record.rung >= this.#top) {
      this.#top = record.rung;
      this.#hypervolume = hypervolume(this.#byRung.get(record.rung)!.points(), this.reference);
    }
    return true;
  }

  /** The rung the run's frontier is taken at (the highest reached), or null before any feasible result. */
  get rung(): number | null {
    return this.#top;
  }

  /** Trial ids on the run's frontier (all at `rung`). */
  ids(): string[] {
    return this.#top === null ? [] : this.rungIds(this.#top);
  }

  /** Trial ids on the frontier of one rung. */
  rungIds(rung: number): string[] {
    return (this.#byRung.get(rung)?.ids() ?? []).map((hash) => this.#ids.get(`${rung}|${hash}`)!);
  }

  /** Every rung's frontier, lowest rung first (the run's frontier is the last). */
  rungFrontiers(): { rung: number; ids: string[] }[] {
    return [...this.#byRung.keys()].sort((a, b) => a - b).map((rung) => ({ rung, ids: this.rungIds(rung) }));
  }

  /** Trial ids on any rung's frontier (whose weights a run keeps). */
  anyRungIds(): string[] {
    return this.rungFrontiers().flatMap((f) => f.ids);
  }

  get size(): number {
    return this.ids().length;
  }

  get hypervolume(): number {
    return this.#hypervolume;
  }

  #consider(record: TrialRecord): boolean {
    if (record.state !== 'done' || record.infeasible) return false;
    let frontier = this.#byRung.get(record.rung);
    if (!frontier) {
      frontier = new ParetoFrontier();
      this.#byRung.set(record.rung, frontier);
    }
    this.#ids.set(`${record.rung}|${record.hash}`, record.id);
    const was = frontier.has(record.hash);
    // A point that does not make the frontier leaves it as it was (unless it replaced a member).
    return frontier.add(record.hash, normalisedValues(this.#problem, record)) || was;
  }

  #refresh(): void {
    const reached = [...this.#byRung].filter(([, f]) => f.size > 0).map(([rung]) => rung);
    this.#top = reached.length > 0 ? Math.max(...reached) : null;
    this.#hypervolume = this.#top === null ? 0 : hypervolume(this.#byRung.get(this.#top)!.points(), this.reference);
  }
}
