/**
 * A short real training on Fashion-MNIST (wasm backend unless named) under some environment switches, for
 * the tests that check a kernel path reaches the same accuracy as another on a fixed seed.
 */
import type { ArchSpec } from '../../src/arch/types.js';
import type { ProxyBudget } from '../../src/space/types.js';
import type { BackendName } from '../../src/train/types.js';
import { train } from '../../src/train/index.js';
import { FASHION_MNIST_DIR } from '../helpers.js';

export interface ShortTraining {
  arch: ArchSpec;
  budget: Omit<ProxyBudget, 'rungs'>;
  seed: number;
  /** 'wasm' unless named. */
  backend?: BackendName;
}

/** Trains `run` with `env` set (and restored after), returning its validation figures and loss curve. */
export async function trainUnder(env: Record<string, string>, run: ShortTraining): Promise<{ valAccuracy: number; valLoss: number; curve: number[] }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const r = await train({
      trialId: `real-${Object.entries(env).map(([k, v]) => `${k}=${v}`).join('-')}`,
      arch: run.arch,
      budget: run.budget,
      seed: run.seed,
      backend: run.backend ?? 'wasm',
      data: { dataset: 'fashion-mnist', dir: FASHION_MNIST_DIR },
    });
    return { valAccuracy: r.valAccuracy, valLoss: r.valLoss, curve: r.lossCurve };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
