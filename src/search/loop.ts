/**
 * The search loop: keeps `workers` trials in flight, taking (in order) trials left pending
 * by an earlier process, promotions to higher rungs, and new proposals from the strategy.
 * Every state change goes to the run store, which stays the single source of truth:
 * proposals are stored (with the strategy's state and generator) before they train, a
 * (hash, rung) pair is never created twice, and on abort the running trials are cancelled
 * and put back to pending so that a resume trains them again with the same parameters.
 */
import { workerOf, type TrialHandle } from '../executor/contract.js';
import { addCharge, estimatedCharge, measuredCharge, runCompute } from '../store/index.js';
import type { ComputeCharge, TrialRecord } from '../store/types.js';
import { imagesSeen } from '../space/index.js';
import type { TrainRequest } from '../train/types.js';
import { evaluationOf } from './evaluation.js';
import { ParentTrainer } from './parents.js';
import type { Candidate } from './problem.js';
import { nextPromotion, type PromotionCache } from './promotion.js';
import { StrategyError, type Evaluation, type Proposal } from './strategies/contract.js';
import { GuardedStrategy } from './strategies/guard.js';
import { WeightKeeper } from './keep-weights.js';
import { FrontierTracker } from './tracker.js';
import { TrialBook } from './trial-book.js';
import { asMachineFault } from '../util/machine-fault.js';

export type { SearchEvent, SearchLoopOptions, SearchOutcome, SearchProgress } from './loop-types.js';
import type { SearchLoopOptions, SearchOutcome, SearchProgress } from './loop-types.js';

/** Consecutive all-duplicate asks after which the search stops asking. */
const MAX_DUPLICATE_ASKS = 25;

export async function runSearchLoop(options: SearchLoopOptions): Promise<SearchOutcome> {
  return new SearchLoop(options).run();
}

class SearchLoop {
  #o: SearchLoopOptions;
  #trials: TrialRecord[];
  #book: TrialBook;
  #promotions: PromotionCache = new Map();
  #running = new Map<string, { handle: TrialHandle | null; settled: Promise<void> }>();
  #tracker: FrontierTracker;
  #parents: ParentTrainer;
  #keeper: WeightKeeper;
  #fatal: Error | null = null;
  /** Candidates by hash: described once when proposed, reused when trained and promoted. */
  #described = new Map<string, Candidate>();
  #duplicateAsks = 0;
  #exhausted = false;
  /** Training FLOPs charged so far (the stored run's, then every training as it ends). */
  #spent: number;

  constructor(options: SearchLoopOptions) {
    this.#o = options;
    this.#book = new TrialBook(options.store.data.trials, options.seed, options.rungs.length);
    this.#trials = this.#book.trials;
    this.#tracker = new FrontierTracker(options.problem, this.#trials);
    this.#parents = new ParentTrainer({
      store: options.store,
      executor: options.executor,
      budget: options.rungs[0]!,
      seed: options.seed,
      backend: options.backend,
      data: options.data,
      onCharge: (charge) => this.#charge(charge),
    });
    this.#spent = runCompute(options.store.data).total.flops;
    this.#keeper = new WeightKeeper(options.keepWeights ?? 'frontier', options.store.dir, options.onWarning ? { onError: options.onWarning } : {});
  }

  async run(): Promise<SearchOutcome> {
    const { store, signal } = this.#o;
    for (const t of this.#trials) {
      if (t.state === 'running') this.#book.backToPending(t);
    }
    // A resumed run stored before frontiers were per rung gets its like-with-like frontier now.
    this.#syncFrontier();
    // The mode may have changed on resume: apply it to the weights kept so far.
    this.#keeper.prune(this.#trials, this.#tracker.anyRungIds());
    this.#keeper.sweep(this.#trials);
    await this.#keeper.settled();
    // The strategy's state and generator are copied into the document at each write.
    store.setBeforeWrite(() => this.#saveStrategy());
    await store.flush();
    const aborted = new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      while (!signal?.aborted && this.#fatal === null) {
        // An async plug-in's ask() may take a while: a stop does not wait for it.
        const filling = this.#fill().catch((error: unknown) => {
          this.#fatal ??= asError(error);
        });
        await Promise.race([aborted, filling]);
        if (this.#running.size === 0 || signal?.aborted || this.#fatal !== null) break;
        await Promise.race([aborted, ...[...this.#running.values()].map((r) => r.settled)]);
      }
    } catch (error) {
      this.#fatal ??= asError(error);
    }
    await this.#stopRunning();
    this.#syncFrontier();
    await this.#keeper.settled();
    // The last tells of an async plug-in, so the state written includes them.
    if (this.#o.strategy instanceof GuardedStrategy && !signal?.aborted) await this.#o.strategy.settled();
    // After a strategy fault its state is not trusted: the last written one stays.
    if (this.#fatal !== null) store.setBeforeWrite(null);
    try {
      await store.flush();
    } catch (error) {
      throw this.#fatal ?? asMachineFault(error, `while writing ${store.file}`) ?? error;
    } finally {
      store.setBeforeWrite(null);
    }
    if (this.#fatal !== null) throw this.#fatal;
    if (this.#exhausted) this.#o.onEvent?.({ type: 'exhausted', ...this.#progress() });
    return {
      interrupted: signal?.aborted ?? false,
      exhausted: this.#exhausted,
      budgetSpent: this.#budgetSpent(),
      done: this.#trials.filter((t) => t.state === 'done').length,
      failed: this.#trials.filter((t) => t.state === 'failed').length,
      ...this.#progress(),
    };
  }

  #progress(): SearchProgress {
    const finished = this.#book.finished;
    return {
      finished,
      total: this.#exhausted || this.#budgetSpent() ? finished + this.#running.size : this.#book.expectedTotal(this.#o.trials, this.#o.rungs.length, this.#o.eta),
      frontierSize: this.#tracker.size,
      hypervolume: this.#tracker.hypervolume,
      compute: this.#spent,
    };
  }

  #budgetSpent(): boolean {
    return this.#o.maxCompute !== undefined && this.#spent >= this.#o.maxCompute;
  }

  #charge(charge: ComputeCharge): void {
    this.#spent += charge.flops;
  }

  async #fill(): Promise<void> {
    const { workers } = this.#o;
    while (this.#running.size < workers && this.#fatal === null && !this.#o.signal?.aborted) {
      // At the compute budget no training starts; those in flight finish.
      if (this.#budgetSpent()) return;
      const pending = this.#book.nextPending((id) => this.#running.has(id));
      if (pending) {
        this.#start(pending);
        continue;
      }
      const promotion = nextPromotion(this.#o.problem, this.#book.rungs, this.#o.eta, (h, r) => this.#book.has(h, r), this.#promotions);
      if (promotion) {
        const candidate = this.#describe(promotion.from);
        const promoted = this.#book.create(candidate, promotion.rung, promotion.from.meta ?? {});
        this.#o.onEvent?.({ type: 'promoted', trial: promoted, from: promotion.from, ...this.#progress() });
        this.#start(promoted);
        continue;
      }
      const fresh = this.#book.fresh;
      if (fresh >= this.#o.trials || this.#exhausted) return;
      const created = await this.#ask(Math.min(workers - this.#running.size, this.#o.trials - fresh));
      if (this.#o.signal?.aborted || this.#fatal !== null) return;
      if (created === 0 && (this.#exhausted || this.#running.size > 0)) return;
    }
  }

  /** The candidate of a stored trial (described now only for trials stored by an earlier process). */
  #describe(record: Pick<TrialRecord, 'hash' | 'genome'>): Candidate {
    let candidate = this.#described.get(record.hash);
    if (!candidate) {
      candidate = this.#o.problem.describe(record.genome);
      this.#described.set(record.hash, candidate);
    }
    return candidate;
  }

  /** Asks the strategy for up to n proposals; stores the new ones; returns how many. */
  async #ask(n: number): Promise<number> {
    const { strategy, strategyLabel, problem } = this.#o;
    let proposals: Proposal[];
    try {
      proposals = await strategy.ask(n);
      if (!Array.isArray(proposals)) throw new TypeError(`ask(${n}) returned ${JSON.stringify(proposals)}, not a list`);
      // Extra proposals would be dropped while the strategy counts them as pending.
      if (proposals.length > n) throw new TypeError(`ask(${n}) returned ${proposals.length} proposals, more than asked`);
    } catch (error) {
      if (error instanceof StrategyError) throw error;
      throw new StrategyError(`strategy ${strategyLabel} failed in ask(): ${(error as Error).message}`, { cause: error });
    }
    // Every proposal is described (and so checked) before any is stored.
    const described = proposals.map((proposal) => {
      const candidate = proposal && Array.isArray(proposal.genome) ? problem.tryDescribe(proposal.genome) : 'a proposal must be { genome: number[] }';
      if (typeof candidate === 'string') {
        throw new StrategyError(
          `strategy ${strategyLabel} proposed an invalid genome ${JSON.stringify(proposal?.genome)}: ${candidate}; ` +
            'the run was stopped and everything stored so far is kept',
        );
      }
      return { proposal, candidate };
    });
    const known: Evaluation[] = [];
    let created = 0;
    for (const { proposal, candidate } of described) {
      this.#described.set(candidate.hash, candidate);
      const existing = this.#book.get(candidate.hash, 0);
      if (existing) {
        if (existing.state === 'done' || existing.state === 'failed') known.push(evaluationOf(problem, existing));
        continue;
      }
      this.#book.create(candidate, 0, proposal.meta ?? {});
      created++;
    }
    this.#duplicateAsks = created === 0 ? this.#duplicateAsks + 1 : 0;
    if (this.#duplicateAsks >= MAX_DUPLICATE_ASKS) this.#exhausted = true;
    if (known.length > 0) this.#tell(known);
    this.#requestFlush();
    return created;
  }

  #start(record: TrialRecord): void {
    const { problem, executor, rungs, backend, data } = this.#o;
    record.state = 'running';
    record.startedAt = new Date().toISOString();
    record.backend = backend;
    delete record.error;
    delete record.worker;
    const slot: { handle: TrialHandle | null; settled: Promise<void> } = { handle: null, settled: Promise.resolve() };
    this.#running.set(record.id, slot);
    this.#emit('started', record);
    let submittedAt: number | null = null;
    slot.settled = (async () => {
      const candidate = this.#describe(record);
      const parent = problem.fusionParent(candidate);
      const request: TrainRequest = { trialId: record.id, arch: candidate.arch, budget: rungs[record.rung]!, seed: record.seed, backend, data };
      const saveTo = this.#keeper.saveTo(record.id);
      if (saveTo !== undefined) request.saveTo = saveTo;
      if (parent) {
        const { dir, charge } = await this.#parents.checkpoint(parent);
        request.parentCheckpoint = dir;
        // The trial that made the parent train carries its cost to the strategy.
        if (charge !== null) record.parentCompute = charge;
      }
      if (this.#o.signal?.aborted) throw new Error('aborted');
      submittedAt = Date.now();
      slot.handle = executor.submit(request);
      return slot.handle.result;
    })().then(
      (result) => this.#finish(record, () => {
        const { worker, lostAttempts, ...trained } = result;
        this.#chargeTrial(record, measuredCharge(record.cost.flops, trained), lostAttempts ?? 0);
        record.state = 'done';
        record.result = trained;
        record.backend = result.backend;
        if (worker !== undefined) record.worker = worker;
        // Stored relative to the run folder, so the run can be moved.
        if (result.checkpoint !== undefined) record.result.checkpoint = this.#keeper.recordPath(record.id);
      }),
      (error: unknown) => this.#finish(record, () => {
        if (this.#o.signal?.aborted || (error instanceof Error && error.name === 'TrialCancelled')) {
          this.#book.backToPending(record);
          return;
        }
        // Disk full, I/O error...: the machine failed, not the architecture. The trial trains
        // again on resume; the search stops now.
        const fault = asMachineFault(error, `while training trial ${record.id}`);
        if (fault !== null) {
          this.#book.backToPending(record);
          this.#fatal ??= fault;
          return;
        }
        record.state = 'failed';
        record.error = error instanceof Error ? error.message : String(error);
        // A training that was submitted and failed is charged at its budget (its images are not known).
        if (submittedAt !== null) this.#chargeTrial(record, null, 1, (Date.now() - submittedAt) / 1000);
        const worker = workerOf(error);
        if (worker !== undefined) record.worker = worker;
      }),
    );
  }

  /**
   * Adds a training to the trial's charge: `measured` (when it returned a result) and
   * `estimated` attempts without one (failed, or lost with a worker) at the rung's budget.
   */
  #chargeTrial(record: TrialRecord, measured: ComputeCharge | null, estimated: number, seconds = 0): void {
    const planned = imagesSeen(this.#o.rungs[record.rung]!);
    let charge = measured ?? { images: 0, flops: 0, seconds: 0, trainings: 0 };
    for (let i = 0; i < estimated; i++) charge = addCharge(charge, estimatedCharge(record.cost.flops, planned, i === 0 ? seconds : 0));
    record.compute = record.compute ? addCharge(record.compute, charge) : charge;
    this.#charge(charge);
  }

  #finish(record: TrialRecord, apply: () => void): void {
    apply();
    this.#running.delete(record.id);
    if (record.state === 'pending') return;
    record.finishedAt = new Date().toISOString();
    this.#book.countFinished(record);
    const frontierBefore = this.#o.store.data.frontier.join(' ');
    if (record.state === 'done' && this.#tracker.add(record)) this.#syncFrontier();
    if (record.state === 'done') this.#keeper.prune(this.#trials, this.#tracker.anyRungIds());
    const hv = this.#o.store.data.hypervolume;
    hv.value = this.#tracker.hypervolume;
    hv.history.push({ trials: this.#book.finished, value: hv.value, ...(this.#tracker.rung !== null ? { rung: this.#tracker.rung } : {}), compute: this.#spent });
    if (record.rung === 0) {
      try {
        this.#tell([evaluationOf(this.#o.problem, record)]);
      } catch (error) {
        this.#fatal ??= asError(error);
      }
    }
    this.#emit(record.state === 'done' ? 'finished' : 'failed', record);
    const frontier = this.#o.store.data.frontier;
    if (frontier.join(' ') !== frontierBefore) this.#o.onEvent?.({ type: 'frontier', frontier: [...frontier], ...this.#progress() });
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
      this.#fatal ??= asMachineFault(error, `while writing ${this.#o.store.file}`) ?? asError(error);
    });
  }

  #tell(evaluations: Evaluation[]): void {
    try {
      const told = this.#o.strategy.tell(evaluations);
      // An async plug-in's tell() is awaited in its guard; a failure stops the search.
      if (told instanceof Promise) {
        told.catch((error: unknown) => {
          this.#fatal ??= asError(error);
        });
      }
    } catch (error) {
      if (error instanceof StrategyError) throw error;
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
      if (error instanceof StrategyError) throw error;
      throw new StrategyError(`strategy ${strategyLabel} failed in state() (it must return a JSON value): ${(error as Error).message}`, { cause: error });
    }
    store.data.strategy = { name: strategyLabel, state, rng: rng.state() };
  }

  #syncFrontier(): void {
    const data = this.#o.store.data;
    data.frontier = this.#tracker.ids();
    if (this.#tracker.rung !== null) data.frontierRung = this.#tracker.rung;
    data.rungFrontiers = this.#tracker.rungFrontiers();
    this.#o.store.data.hypervolume.value = this.#tracker.hypervolume;
  }

  async #stopRunning(): Promise<void> {
    if (this.#running.size === 0) return;
    this.#parents.cancelAll();
    for (const slot of this.#running.values()) slot.handle?.cancel();
    const settling = [...this.#running.values()].map((s) => s.settled);
    await Promise.allSettled(settling);
    for (const t of this.#trials) if (t.state === 'running') this.#book.backToPending(t);
    this.#running.clear();
  }

  #emit(type: 'started' | 'finished' | 'failed', trial: TrialRecord): void {
    this.#o.onEvent?.({ type, trial, ...this.#progress() });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
