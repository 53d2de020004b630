/**
 * Weight-fusion parents: the unshared network of a backbone is trained once per run (at the
 * rung-0 budget), its checkpoint kept under runs/<name>/checkpoints/<parentHash>/, and every
 * sharing variant of that backbone initialises from it. Concurrent requests for one parent
 * share one training; a parent recorded as done in the store is reused after a resume.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ArchSpec } from '../arch/types.js';
import { TrialError } from '../errors.js';
import type { Executor, TrialHandle } from '../executor/contract.js';
import type { ProxyBudget } from '../space/types.js';
import { addCharge, estimatedCharge, measuredCharge, type RunStore } from '../store/index.js';
import type { ComputeCharge } from '../store/types.js';
import { costOf } from '../arch/index.js';
import { imagesSeen } from '../space/index.js';
import type { BackendName } from '../train/types.js';
import { deriveSeed } from './rng.js';

export interface ParentTrainerOptions {
  store: RunStore;
  executor: Executor;
  budget: ProxyBudget;
  seed: number;
  backend: BackendName;
  data: { dataset: string; dir: string };
  /** Called with the cost of each parent training (done or failed) as it is recorded. */
  onCharge?: (charge: ComputeCharge) => void;
}

/** A parent's checkpoint, and the training it cost when this request is the one that trained it. */
export interface ParentCheckpoint {
  dir: string;
  /** Non-null for the one request that started the training (the others share it). */
  charge: ComputeCharge | null;
}

export class ParentTrainer {
  #o: ParentTrainerOptions;
  #inFlight = new Map<string, Promise<{ dir: string; charge: ComputeCharge }>>();
  #handles = new Set<TrialHandle>();

  constructor(options: ParentTrainerOptions) {
    this.#o = options;
  }

  /**
   * The checkpoint folder of `parent`, as a path usable from here (trained now if needed),
   * with the training's cost for the request that started it.
   */
  async checkpoint(parent: ArchSpec): Promise<ParentCheckpoint> {
    const known = this.#o.store.data.parents[parent.hash];
    const saved = known?.state === 'done' && known.checkpoint ? this.#locate(known.checkpoint, parent.hash) : null;
    if (saved !== null) return { dir: saved, charge: null };
    let pending = this.#inFlight.get(parent.hash);
    const first = !pending;
    if (!pending) {
      pending = this.#train(parent).finally(() => this.#inFlight.delete(parent.hash));
      this.#inFlight.set(parent.hash, pending);
    }
    const { dir, charge } = await pending;
    return { dir, charge: first ? charge : null };
  }

  /**
   * Where a stored parent checkpoint is now. Stored relative to the run folder, so a moved
   * run finds it; runs stored before that hold a path relative to the working directory of
   * the time, or an absolute one: the folder's own checkpoints/<hash>/ is tried first.
   */
  #locate(stored: string, hash: string): string | null {
    const candidates = [join(this.#o.store.dir, relativeCheckpoint(hash)), isAbsolute(stored) ? stored : join(this.#o.store.dir, stored), stored];
    return candidates.find((dir) => existsSync(dir)) ?? null;
  }

  cancelAll(): void {
    for (const h of this.#handles) h.cancel();
  }

  async #train(parent: ArchSpec): Promise<{ dir: string; charge: ComputeCharge }> {
    const { store, executor, budget, seed, backend, data } = this.#o;
    const forward = costOf(parent).flops;
    const started = Date.now();
    const saveTo = join(store.dir, relativeCheckpoint(parent.hash));
    const handle = executor.submit({
      trialId: `parent-${parent.hash}`,
      arch: parent,
      budget,
      seed: deriveSeed(seed, `parent:${parent.hash}`),
      backend,
      data,
      saveTo,
    });
    this.#handles.add(handle);
    try {
      const { lostAttempts, ...result } = await handle.result;
      const checkpoint = result.checkpoint ?? saveTo;
      const stored = relativeCheckpoint(parent.hash);
      let charge = measuredCharge(forward, result);
      for (let i = 0; i < (lostAttempts ?? 0); i++) charge = addCharge(charge, estimatedCharge(forward, imagesSeen(budget), 0));
      store.data.parents[parent.hash] = {
        hash: parent.hash,
        label: parent.label,
        state: 'done',
        checkpoint: stored,
        result: { ...result, checkpoint: stored },
        finishedAt: new Date().toISOString(),
        compute: charge,
      };
      this.#o.onCharge?.(charge);
      await store.flush();
      return { dir: checkpoint, charge };
    } catch (error) {
      if (error instanceof Error && error.name === 'TrialCancelled') throw error;
      const message = error instanceof Error ? error.message : String(error);
      const charge = estimatedCharge(forward, imagesSeen(budget), (Date.now() - started) / 1000);
      store.data.parents[parent.hash] = {
        hash: parent.hash,
        label: parent.label,
        state: 'failed',
        error: message,
        finishedAt: new Date().toISOString(),
        compute: charge,
      };
      this.#o.onCharge?.(charge);
      throw new TrialError(`fusion parent ${parent.label} (${parent.hash}) failed to train: ${message}`);
    } finally {
      this.#handles.delete(handle);
    }
  }
}

/** A parent's checkpoint folder relative to the run folder (what the store keeps). */
export function relativeCheckpoint(hash: string): string {
  return join('checkpoints', hash);
}
