/**
 * A run's manifest in Redis: what a worker must have to train its trials. The search writes
 * it when it starts and removes it when the run is complete; a worker reads it before taking
 * any job of the run, and refuses the run (it never consumes its queue) when it cannot do the
 * work, so a trial is never failed by a worker that should not have taken it.
 */
import { readFileSync } from 'node:fs';
import type { BackendName } from '../train/types.js';
import { PROTOCOL } from './payload.js';

export interface RunManifest {
  runId: string;
  queue: string;
  /** spin-nas version of the search; workers must run the same. */
  version: string;
  /** Job payload format (payload.ts). */
  protocol: number;
  dataset: string;
  /** Own data (a space's dataset.source): the content hash the worker's --data-dir must hold. */
  dataHash?: string;
  trainer: 'local' | 'synthetic';
  /** 'auto': any worker backend. */
  backend: BackendName | 'auto';
  maxWeightsBytes: number;
  search: { host: string; pid: number };
}

/** What a worker offers. */
export interface WorkerAbility {
  version: string;
  protocol: number;
  trainer: 'local' | 'synthetic';
  backend: BackendName;
  /** null when the dataset is present, otherwise why not. */
  datasetProblem: (dataset: string, hash?: string) => string | null;
}

let cachedVersion: string | null = null;

/** This package's version (from package.json). */
export function spinVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cachedVersion;
}

export function thisAbility(): Pick<WorkerAbility, 'version' | 'protocol'> {
  return { version: spinVersion(), protocol: PROTOCOL };
}

/** null when the worker can train the run's trials, otherwise the reason it cannot. */
export function refusal(manifest: RunManifest, worker: WorkerAbility): string | null {
  if (manifest.version !== worker.version) {
    return `the run needs spin-nas ${manifest.version}, this worker runs ${worker.version}; install the same version on both machines`;
  }
  if (manifest.protocol !== worker.protocol) return `the run sends job format ${manifest.protocol}, this worker reads ${worker.protocol}`;
  if (manifest.trainer !== worker.trainer) {
    return `the run uses the ${manifest.trainer} trainer, this worker the ${worker.trainer} one; start the worker ${manifest.trainer === 'synthetic' ? 'with' : 'without'} --trainer synthetic`;
  }
  if (manifest.backend !== 'auto' && manifest.backend !== worker.backend) {
    return `the run trains on backend ${manifest.backend}, this worker on ${worker.backend}; start it with --backend ${manifest.backend}`;
  }
  if (manifest.trainer === 'local') {
    const missing = worker.datasetProblem(manifest.dataset, manifest.dataHash);
    if (missing !== null) return missing;
  }
  return null;
}

export function parseManifest(text: string): RunManifest | null {
  try {
    const value = JSON.parse(text) as RunManifest;
    return typeof value.runId === 'string' && typeof value.queue === 'string' ? value : null;
  } catch {
    return null;
  }
}
