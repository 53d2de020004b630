/**
 * The run's trials as the loop needs them: indexed by (hash, rung) so no pair is created
 * twice, counters kept on the hot path, new records numbered and seeded, the oldest pending
 * trial found quickly, and the planned total estimated for progress.
 */
import type { TrialRecord } from '../store/types.js';
import type { Candidate } from './problem.js';
import { rungView, type RungView } from './promotion.js';
import { deriveSeed } from './rng.js';

export class TrialBook {
  /** The store's own array: records are created and changed in place. */
  readonly trials: TrialRecord[];
  #seed: number;
  #index = new Map<string, TrialRecord>();
  #finished = 0;
  #fresh = 0;
  #scan = 0;
  /** Per rung: trials that will never be promoted (infeasible or failed). */
  #lost: number[];
  /** Feasible done trials and trial counts per rung (for promotions). */
  readonly rungs: RungView;

  constructor(trials: TrialRecord[], seed: number, rungCount: number) {
    this.trials = trials;
    this.#seed = seed;
    this.rungs = rungView(trials, rungCount);
    this.#lost = new Array<number>(rungCount).fill(0);
    for (const t of trials) if (t.infeasible || t.state === 'failed') this.#lost[t.rung]!++;
    for (const t of trials) {
      this.#index.set(`${t.hash}:${t.rung}`, t);
      if (t.state === 'done' || t.state === 'failed') this.#finished++;
      if (t.rung === 0) this.#fresh++;
    }
  }

  get(hash: string, rung: number): TrialRecord | undefined {
    return this.#index.get(`${hash}:${rung}`);
  }

  has(hash: string, rung: number): boolean {
    return this.#index.has(`${hash}:${rung}`);
  }

  /** Trials done or failed. */
  get finished(): number {
    return this.#finished;
  }

  /** Trials created at rung 0 (new candidates). */
  get fresh(): number {
    return this.#fresh;
  }

  /** Call when a trial reaches done or failed. */
  countFinished(t: TrialRecord): void {
    this.#finished++;
    if (t.state === 'done' && !t.infeasible) this.rungs.done[t.rung]!.push(t);
    if (t.state === 'failed' && !t.infeasible) this.#lost[t.rung]!++;
  }

  /**
   * A new pending trial. Ids name the candidate and the rung ("t0007-r1" is candidate 7
   * promoted to rung 1); `number` is the creation order; the seed derives from both.
   */
  create(candidate: Candidate, rung: number, meta: Record<string, unknown>): TrialRecord {
    const number = this.trials.length;
    const index = rung === 0 ? this.#fresh : Number(meta['candidate'] ?? number);
    const record: TrialRecord = {
      id: `t${String(index).padStart(4, '0')}-r${rung}`,
      number,
      genome: candidate.genome,
      hash: candidate.hash,
      rung,
      state: 'pending',
      seed: deriveSeed(this.#seed, number),
      label: candidate.label,
      cost: candidate.cost,
      infeasible: candidate.violation > 0,
      createdAt: new Date().toISOString(),
      meta: { ...meta, candidate: index, violation: candidate.violation },
    };
    this.trials.push(record);
    this.rungs.created[rung]!++;
    if (record.infeasible) this.#lost[rung]!++;
    if (rung === 0) this.#fresh++;
    this.#index.set(`${record.hash}:${rung}`, record);
    return record;
  }

  /** The oldest pending trial for which `busy` is false. */
  nextPending(busy: (id: string) => boolean): TrialRecord | undefined {
    while (this.#scan < this.trials.length && this.trials[this.#scan]!.state !== 'pending') this.#scan++;
    for (let i = this.#scan; i < this.trials.length; i++) {
      const t = this.trials[i]!;
      if (t.state === 'pending' && !busy(t.id)) return t;
    }
    return undefined;
  }

  /** Puts a trial back to pending (it will run again with the same parameters). */
  backToPending(t: TrialRecord): void {
    t.state = 'pending';
    delete t.startedAt;
    delete t.finishedAt;
    this.#scan = Math.min(this.#scan, t.number);
  }

  /**
   * Planned trials: `target` at rung 0, then floor(n / eta) at each next rung, where n
   * discounts infeasible and failed trials (never promoted).
   */
  expectedTotal(target: number, rungCount: number, eta: number): number {
    if (rungCount === 1) return Math.max(target, this.trials.length);
    const created = this.rungs.created;
    const lost = this.#lost;
    let total = target;
    let n = target - lost[0]!;
    for (let r = 1; r < rungCount; r++) {
      const next = Math.max(Math.floor(Math.max(0, n) / eta), created[r]!);
      total += next;
      n = next - lost[r]!;
    }
    return Math.max(total, this.trials.length);
  }
}
