/**
 * Weight-fusion parents: the unshared network of a backbone is trained once per run (at the
 * rung-0 budget), its checkpoint kept under runs/<name>/checkpoints/<parentHash>/, and every
 * sharing variant of that backbone initialises from it. Concurrent requests for one parent
 * share one training; a parent recorded as done in the store is reused after a resume.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchSpec } from '../arch/types.js';
import { TrialError } from '../errors.js';
import type { Executor, TrialHandle } from '../executor/contract.js';
import type { ProxyBudget } from '../space/types.js';
import type { RunStore } from '../store/index.js';
import type { BackendName } from '../train/types.js';
import { deriveSeed } from './rng.js';

export interface ParentTrainerOptions {
  store: RunStore;
  executor: Executor;
  budget: ProxyBudget;
  seed: number;
  backend: BackendName;
  data: { dataset: string; dir: string };
}

export class ParentTrainer {
  #o: ParentTrainerOptions;
  #inFlight = new Map<string, Promise<string>>();
  #handles = new Set<TrialHandle>();

  constructor(options: ParentTrainerOptions) {
    this.#o = options;
  }

  /** The checkpoint folder of `parent` (trained now if needed). */
  checkpoint(parent: ArchSpec): Promise<string> {
    const known = this.#o.store.data.parents[parent.hash];
    if (known?.state === 'done' && known.checkpoint && existsSync(known.checkpoint)) return Promise.resolve(known.checkpoint);
    let pending = this.#inFlight.get(parent.hash);
    if (!pending) {
      pending = this.#train(parent).finally(() => this.#inFlight.delete(parent.hash));
      this.#inFlight.set(parent.hash, pending);
    }
    return pending;
  }

  cancelAll(): void {
    for (const h of this.#handles) h.cancel();
  }

  async #train(parent: ArchSpec): Promise<string> {
    const { store, executor, budget, seed, backend, data } = this.#o;
    const saveTo = join(store.dir, 'checkpoints', parent.hash);
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
      const result = await handle.result;
      const checkpoint = result.checkpoint ?? saveTo;
      store.data.parents[parent.hash] = {
        hash: parent.hash,
        label: parent.label,
        state: 'done',
        checkpoint,
        result,
        finishedAt: new Date().toISOString(),
      };
      await store.flush();
      return checkpoint;
    } catch (error) {
      if (error instanceof Error && error.name === 'TrialCancelled') throw error;
      const message = error instanceof Error ? error.message : String(error);
      store.data.parents[parent.hash] = {
        hash: parent.hash,
        label: parent.label,
        state: 'failed',
        error: message,
        finishedAt: new Date().toISOString(),
      };
      throw new TrialError(`fusion parent ${parent.label} (${parent.hash}) failed to train: ${message}`);
    } finally {
      this.#handles.delete(handle);
    }
  }
}
