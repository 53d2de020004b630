/**
 * The synthetic executor: a dry-run / testing trainer. It "trains" nothing; each trial's
 * validation accuracy is a deterministic function of the architecture, the budget and the
 * seed (bigger backbones score higher, sharing costs a little, fusion recovers part of it,
 * larger budgets help), after an optional delay. Selected with `--trainer synthetic`; tests
 * and benchmarks use it, never a real search.
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TrialError } from '../errors.js';
import type { ArchSpec } from '../arch/types.js';
import { fnv1a } from '../util/hash.js';
import type { ProxyBudget } from '../space/types.js';
import type { TrainRequest, TrainResult } from '../train/types.js';
import { TrialCancelled, withWorker, type Executor, type TrialHandle } from './contract.js';

export interface SyntheticOptions {
  /** Milliseconds each trial takes (0: settles on the next tick). */
  delayMs?: number;
  capacity?: number;
  /** Fail trials whose id matches (fault tests). */
  failWhen?: (request: TrainRequest) => boolean;
}

function unit(text: string): number {
  return fnv1a(text) / 2 ** 32;
}

/** Fraction of layers whose weights are reused (0 = unshared, towards 1 = all shared). */
function sharedFraction(arch: ArchSpec): number {
  const sets = Object.values(arch.sharing.sets);
  if (sets.length === 0) return 0;
  const fractions = sets.map((s) => 1 - (s ?? arch.depth) / arch.depth);
  return fractions.reduce((a, b) => a + b, 0) / fractions.length;
}

/** The synthetic validation accuracy of an architecture after a budget. */
export function syntheticAccuracy(arch: ArchSpec, budget: ProxyBudget, seed: number): number {
  const capacity = Math.log2(arch.width) / 9 + Math.log2(arch.depth + 1) / 6 - Math.log2(arch.patch) / 12 + (arch.kernel ?? 3) / 90;
  const shared = sharedFraction(arch);
  const fusion = arch.init !== 'scratch' && shared > 0 ? 0.6 : 0;
  const mappingNoise = unit(`${arch.label}`) * 0.02;
  const quality = 0.55 + 0.3 * Math.tanh(capacity) - shared * 0.06 * (1 - fusion) - mappingNoise * shared;
  const images = budget.epochs * Math.min(budget.trainSubset, (budget.maxSteps ?? Infinity) * budget.batchSize);
  const training = 1 - 0.35 * Math.exp(-images / 20000);
  const noise = (unit(`${arch.hash}:${seed}`) - 0.5) * 0.01;
  return Math.max(0.1, Math.min(0.99, quality * training + noise));
}

export class SyntheticExecutor implements Executor {
  readonly name = 'synthetic';
  readonly capacity: number;
  #delayMs: number;
  #failWhen: ((r: TrainRequest) => boolean) | undefined;
  /** Parent checkpoints already seen on disk. */
  #checkpoints = new Set<string>();

  constructor(options: SyntheticOptions = {}) {
    this.#delayMs = options.delayMs ?? 0;
    this.capacity = options.capacity ?? Infinity;
    this.#failWhen = options.failWhen;
  }

  submit(request: TrainRequest): TrialHandle {
    let cancel: () => void = () => undefined;
    const result = new Promise<TrainResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#train(request).then(resolve, (error: unknown) => reject(withWorker(error instanceof Error ? error : new Error(String(error)), this.#worker(request))));
      }, this.#delayMs);
      cancel = () => {
        clearTimeout(timer);
        reject(new TrialCancelled(request.trialId));
      };
    });
    return { result, cancel: () => cancel() };
  }

  async #train(request: TrainRequest): Promise<TrainResult> {
    if (this.#failWhen?.(request)) throw new TrialError(`synthetic failure of trial ${request.trialId}`);
    if (request.parentCheckpoint !== undefined && !this.#checkpoints.has(request.parentCheckpoint)) {
      await access(join(request.parentCheckpoint, 'synthetic-checkpoint.json')).catch(() => {
        throw new TrialError(`parent checkpoint ${request.parentCheckpoint} is missing`);
      });
      this.#checkpoints.add(request.parentCheckpoint);
    }
    const valAccuracy = syntheticAccuracy(request.arch, request.budget, request.seed);
    let checkpoint: string | undefined;
    if (request.saveTo !== undefined) {
      await mkdir(request.saveTo, { recursive: true });
      await writeFile(join(request.saveTo, 'synthetic-checkpoint.json'), JSON.stringify({ hash: request.arch.hash }));
      checkpoint = request.saveTo;
    }
    const imagesSeen = request.budget.epochs * request.budget.trainSubset;
    return {
      trialId: request.trialId,
      valAccuracy,
      valLoss: -Math.log(Math.max(valAccuracy, 1e-6)),
      lossCurve: Array.from({ length: request.budget.epochs }, (_, e) => 2.3 * Math.exp(-(e + 1) * valAccuracy)),
      wallSeconds: this.#delayMs / 1000,
      imagesPerSecond: 0,
      imagesSeen,
      // A test accuracy a little below validation, so the study's test-set path is exercised.
      ...(request.evaluateTest ? { testAccuracy: Math.max(0.1, valAccuracy - 0.004 - unit(`test:${request.arch.hash}:${request.seed}`) * 0.004) } : {}),
      backend: request.backend,
      trainableParams: 0,
      synthetic: true,
      worker: this.#worker(request),
      ...(checkpoint !== undefined ? { checkpoint } : {}),
    };
  }

  #worker(request: TrainRequest): { host: string; pid: number; backend: TrainRequest['backend'] } {
    return { host: hostname(), pid: process.pid, backend: request.backend };
  }

  async close(): Promise<void> {
    // nothing to release
  }
}
