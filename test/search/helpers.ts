import { SyntheticExecutor, type Executor, type TrialHandle } from '../../src/executor/index.js';
import type { TrainRequest } from '../../src/train/types.js';
import type { TrialRecord } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';

export const SPACE = 'search-spaces/convmixer-fmnist.json';

/** A fresh runs folder, removed when the test process exits. */
export function runsDir(): string {
  return tempDir('spin-search-');
}

/** Wraps an executor and records every request it receives. */
export class RecordingExecutor implements Executor {
  readonly name = 'recording';
  readonly capacity = Infinity;
  readonly requests: TrainRequest[] = [];
  #inner: Executor;

  constructor(inner: Executor = new SyntheticExecutor()) {
    this.#inner = inner;
  }

  submit(request: TrainRequest): TrialHandle {
    this.requests.push(request);
    return this.#inner.submit(request);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

export function pairsTrainedTwice(trials: readonly TrialRecord[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const t of trials) {
    const key = `${t.hash}:${t.rung}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}
