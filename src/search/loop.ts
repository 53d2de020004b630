/**
 * The search loop: keeps `workers` trials in flight, taking (in order) trials left pending
 * by an earlier process, promotions to higher rungs, and new proposals from the strategy.
 * Every state change goes to the run store, which stays the single source of truth:
 * proposals are stored (with the strategy's state and generator) before they train, a
 * (hash, rung) pair is never created twice, and on abort the running trials are cancelled
 * and put back to pending so that a resume trains them again with the same parameters.
 */
import type { Executor, TrialHandle } from '../executor/contract.js';
import type { ProxyBudget } from '../space/types.js';
import type { RunStore } from '../store/index.js';
import type { TrialRecord } from '../store/types.js';
import type { BackendName, TrainRequest } from '../train/types.js';
import { evaluationOf } from './evaluation.js';
import { ParentTrainer } from './parents.js';
import type { SearchProblem } from './problem.js';
import { nextPromotion } from './promotion.js';
import { deriveSeed, type SearchRng } from './rng.js';
import { plannedTrials } from './rungs.js';
import { StrategyError, type Evaluation, type Proposal, type Strategy } from './strategies/contract.js';
import { FrontierTracker } from './tracker.js';

export interface SearchLoopOptions {
  store: RunStore;
  problem: SearchProblem;
  strategy: Strategy;
  /** How the strategy was named (built-in name or plug-in path), for error messages. */
  strategyLabel: string;
  rng: SearchRng;
  executor: Executor;
  rungs: ProxyBudget[];
  eta: number;
  /** New candidates to evaluate at rung 0 (in total over the run, including earlier processes). */
  trials: number;
  workers: number;
  seed: number;
  backend: BackendName;
  data: { dataset: string; dir: string };
  signal?: AbortSignal;
  onEvent?: (event: SearchEvent) => void;
}

export interface SearchProgress {
  finished: number;
  total: number;
  frontierSize: number;
  hypervolume: number;
}

export type SearchEvent =
  | ({ type: 'started' | 'finished' | 'failed'; trial: TrialRecord } & SearchProgress)
  | ({ type: 'exhausted' } & SearchProgress);

export interface SearchOutcome extends SearchProgress {
  interrupted: boolean;
  /** The strategy kept proposing known genomes: the space (or the strategy) ran out. */
  exhausted: boolean;
  done: number;
  failed: number;
}

/** Consecutive all-duplicate asks after which the search stops asking. */
const MAX_DUPLICATE_ASKS = 25;

export async function runSearchLoop(options: SearchLoopOptions): Promise<SearchOutcome> {
  return new SearchLoop(options).run();
}

class SearchLoop {
  #o: SearchLoopOptions;
  #trials: TrialRecord[];
  #index = new Map<string, TrialRecord>();
  #running = new Map<string, { handle: TrialHandle | null; settled: Promise<void> }>();
  #tracker: FrontierTracker;
  #parents: ParentTrainer;
  #fatal: unknown = null;
  #duplicateAsks = 0;
  #exhausted = false;
  /** Trials done or failed, and trials created at rung 0 (kept as counters: hot path). */
  #finished = 0;
  #fresh = 0;

  constructor(options: SearchLoopOptions) {
    this.#o = options;
    this.#trials = options.store.data.trials;
    for (const t of this.#trials) {
      this.#index.set(`${t.hash}:${t.rung}`, t);
      if (t.state === 'done' || t.state === 'failed') this.#finished++;
      if (t.rung === 0) this.#fresh++;
    }
    this.#tracker = new FrontierTracker(options.problem, this.#trials);
    this.#parents = new ParentTrainer({
      store: options.store,
      executor: options.executor,
      budget: options.rungs[0]!,
      seed: options.seed,
      backend: options.backend,
      data: options.data,
    });
  }

  async run(): Promise<SearchOutcome> {
    const { store, signal } = this.#o;
    for (const t of this.#trials) {
      if (t.state === 'running') backToPending(t);
    }
    await store.flush();
    const aborted = new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      while (!signal?.aborted && this.#fatal === null) {
        await this.#fill();
        if (this.#running.size === 0 || signal?.aborted || this.#fatal !== null) break;
        await Promise.race([aborted, ...[...this.#running.values()].map((r) => r.settled)]);
      }
    } catch (error) {
      this.#fatal ??= error;
    }
    await this.#stopRunning();
    this.#syncFrontier();
    await store.flush();
    if (this.#fatal !== null) throw this.#fatal;
    if (this.#exhausted) this.#o.onEvent?.({ type: 'exhausted', ...this.#progress() });
    return {
      interrupted: signal?.aborted ?? false,
      exhausted: this.#exhausted,
      done: this.#trials.filter((t) => t.state === 'done').length,
      failed: this.#trials.filter((t) => t.state === 'failed').length,
      ...this.#progress(),
    };
  }

  #progress(): SearchProgress {
    const finished = this.#finished;
    const planned = this.#o.rungs.length > 1 ? this.#expectedTrials() : plannedTrials(this.#o.trials, 1, this.#o.eta);
    return {
      finished,
      total: this.#exhausted ? finished + this.#running.size : Math.max(planned, this.#trials.length),
      frontierSize: this.#tracker.size,
      hypervolume: this.#tracker.hypervolume,
    };
  }

  /** Planned trials, discounting infeasible and failed ones, which are never promoted. */
  #expectedTrials(): number {
    const created = new Array<number>(this.#o.rungs.length).fill(0);
    const lost = new Array<number>(this.#o.rungs.length).fill(0);
    for (const t of this.#trials) {
      created[t.rung]!++;
      if (t.infeasible || t.state === 'failed') lost[t.rung]!++;
    }
    let total = this.#o.trials;
    let n = this.#o.trials - lost[0]!;
    for (let r = 1; r < created.length; r++) {
      const quota = Math.floor(Math.max(0, n) / this.#o.eta);
      total += Math.max(quota, created[r]!);
      n = Math.max(quota, created[r]!) - lost[r]!;
    }
    return total;
  }

  async #fill(): Promise<void> {
    const { workers } = this.#o;
    while (this.#running.size < workers && this.#fatal === null && !this.#o.signal?.aborted) {
      const pending = this.#nextPending();
      if (pending) {
        this.#start(pending);
        continue;
      }
      const promotion = nextPromotion(this.#o.problem, this.#trials, this.#o.rungs.length, this.#o.eta, (h, r) => this.#index.has(`${h}:${r}`));
      if (promotion) {
        this.#start(this.#create(promotion.from.genome, promotion.rung, promotion.from.meta ?? {}));
        continue;
      }
      const fresh = this.#fresh;
      if (fresh >= this.#o.trials || this.#exhausted) return;
      const created = await this.#ask(Math.min(workers - this.#running.size, this.#o.trials - fresh));
      if (created === 0 && (this.#exhausted || this.#running.size > 0)) return;
    }
  }

  #scan = 0;

  /** The oldest pending trial not running (trials before #scan are known not to be pending). */
  #nextPending(): TrialRecord | undefined {
    while (this.#scan < this.#trials.length && this.#trials[this.#scan]!.state !== 'pending') this.#scan++;
    for (let i = this.#scan; i < this.#trials.length; i++) {
      const t = this.#trials[i]!;
      if (t.state === 'pending' && !this.#running.has(t.id)) return t;
    }
    return undefined;
  }

  /** Asks the strategy for up to n proposals; stores the new ones; returns how many. */
  async #ask(n: number): Promise<number> {
    const { strategy, strategyLabel, problem } = this.#o;
    let proposals: Proposal[];
    try {
      proposals = strategy.ask(n);
      if (!Array.isArray(proposals)) throw new TypeError(`ask(${n}) returned ${JSON.stringify(proposals)}, not a list`);
    } catch (error) {
      throw new StrategyError(`strategy ${strategyLabel} failed in ask(): ${(error as Error).message}`, { cause: error });
    }
    const batch = proposals.slice(0, n);
    for (const proposal of batch) {
      const problemText = proposal && Array.isArray(proposal.genome) ? problem.ops.validate(proposal.genome) : 'a proposal must be { genome: number[] }';
      if (problemText !== null) {
        throw new StrategyError(
          `strategy ${strategyLabel} proposed an invalid genome ${JSON.stringify(proposal?.genome)}: ${problemText}; ` +
            'the run was stopped and everything stored so far is kept',
        );
      }
    }
    const known: Evaluation[] = [];
    let created = 0;
    for (const proposal of batch) {
      const candidate = problem.describe(proposal.genome);
      const existing = this.#index.get(`${candidate.hash}:0`);
      if (existing) {
        if (existing.state === 'done' || existing.state === 'failed') known.push(evaluationOf(problem, existing));
        continue;
      }
      this.#create(candidate.genome, 0, proposal.meta ?? {});
      created++;
    }
    this.#duplicateAsks = created === 0 ? this.#duplicateAsks + 1 : 0;
    if (this.#duplicateAsks >= MAX_DUPLICATE_ASKS) this.#exhausted = true;
    if (known.length > 0) this.#tell(known);
    this.#saveStrategy();
    this.#requestFlush();
    return created;
  }

  #create(genome: number[], rung: number, meta: Record<string, unknown>): TrialRecord {
    const { problem, seed } = this.#o;
    const candidate = problem.describe(genome);
    const number = this.#trials.length;
    const index = rung === 0 ? this.#fresh : Number(meta['candidate'] ?? number);
    const record: TrialRecord = {
      id: `t${String(index).padStart(4, '0')}-r${rung}`,
      number,
      genome: candidate.genome,
      hash: candidate.hash,
      rung,
      state: 'pending',
      seed: deriveSeed(seed, number),
      label: candidate.label,
      cost: candidate.cost,
      infeasible: candidate.violation > 0,
      createdAt: new Date().toISOString(),
      meta: { ...meta, candidate: index, violation: candidate.violation },
    };
    this.#trials.push(record);
    if (rung === 0) this.#fresh++;
    this.#index.set(`${record.hash}:${rung}`, record);
    return record;
  }

  #start(record: TrialRecord): void {
    const { problem, executor, rungs, backend, data } = this.#o;
    record.state = 'running';
    record.startedAt = new Date().toISOString();
    record.backend = backend;
    delete record.error;
    const slot: { handle: TrialHandle | null; settled: Promise<void> } = { handle: null, settled: Promise.resolve() };
    this.#running.set(record.id, slot);
    this.#emit('started', record);
    slot.settled = (async () => {
      const candidate = problem.describe(record.genome);
      const parent = problem.fusionParent(candidate);
      const request: TrainRequest = { trialId: record.id, arch: candidate.arch, budget: rungs[record.rung]!, seed: record.seed, backend, data };
      if (parent) request.parentCheckpoint = await this.#parents.checkpoint(parent);
      if (this.#o.signal?.aborted) throw new Error('aborted');
      slot.handle = executor.submit(request);
      return slot.handle.result;
    })().then(
      (result) => this.#finish(record, () => {
        record.state = 'done';
        record.result = result;
        record.backend = result.backend;
      }),
      (error: unknown) => this.#finish(record, () => {
        if (this.#o.signal?.aborted || (error instanceof Error && error.name === 'TrialCancelled')) {
          backToPending(record);
          this.#scan = 0;
          return;
        }
        record.state = 'failed';
        record.error = error instanceof Error ? error.message : String(error);
      }),
    );
  }

  async #finish(record: TrialRecord, apply: () => void): Promise<void> {
    apply();
    this.#running.delete(record.id);
    if (record.state === 'pending') return;
    record.finishedAt = new Date().toISOString();
    this.#finished++;
    if (record.state === 'done' && this.#tracker.add(record)) this.#syncFrontier();
    const hv = this.#o.store.data.hypervolume;
    hv.value = this.#tracker.hypervolume;
    hv.history.push({ trials: this.#finished, value: hv.value });
    if (record.rung === 0) {
      try {
        this.#tell([evaluationOf(this.#o.problem, record)]);
        this.#saveStrategy();
      } catch (error) {
        this.#fatal ??= error;
      }
    }
    this.#emit(record.state === 'done' ? 'finished' : 'failed', record);
    this.#requestFlush();
  }

  /**
   * Asks for a write without waiting for it. Every state of the document is consistent (it
   * changes synchronously between flushes, and a write is one atomic rename), so the write
   * schedule only decides how much work a crash can cost; the store coalesces requests made
   * while a write is in flight, so a fast trainer is not slowed down by one write per trial.
   */
  #requestFlush(): void {
    this.#o.store.flush().catch((error: unknown) => {
      this.#fatal ??= error;
    });
  }

  #tell(evaluations: Evaluation[]): void {
    try {
      this.#o.strategy.tell(evaluations);
    } catch (error) {
      throw new StrategyError(`strategy ${this.#o.strategyLabel} failed in tell(): ${(error as Error).message}`, { cause: error });
    }
  }

  #saveStrategy(): void {
    const { strategy, strategyLabel, rng, store } = this.#o;
    let state: unknown;
    try {
      state = strategy.state();
      state = state === undefined ? null : JSON.parse(JSON.stringify(state));
    } catch (error) {
      throw new StrategyError(`strategy ${strategyLabel} failed in state() (it must return a JSON value): ${(error as Error).message}`, { cause: error });
    }
    store.data.strategy = { name: strategyLabel, state, rng: rng.state() };
  }

  #syncFrontier(): void {
    this.#o.store.data.frontier = this.#tracker.ids();
    this.#o.store.data.hypervolume.value = this.#tracker.hypervolume;
  }

  async #stopRunning(): Promise<void> {
    if (this.#running.size === 0) return;
    this.#parents.cancelAll();
    for (const slot of this.#running.values()) slot.handle?.cancel();
    const settling = [...this.#running.values()].map((s) => s.settled);
    for (const t of this.#trials) if (t.state === 'running' && this.#fatal !== null) backToPending(t);
    await Promise.allSettled(settling);
    for (const t of this.#trials) if (t.state === 'running') backToPending(t);
    this.#running.clear();
  }

  #emit(type: 'started' | 'finished' | 'failed', trial: TrialRecord): void {
    this.#o.onEvent?.({ type, trial, ...this.#progress() });
  }
}

function backToPending(t: TrialRecord): void {
  t.state = 'pending';
  delete t.startedAt;
  delete t.finishedAt;
}
