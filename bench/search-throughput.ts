/**
 * End-to-end throughput of the search machinery with a no-op trainer (the synthetic
 * executor without delay): ask, canonicalise and describe, store (atomic JSON writes),
 * schedule, tell, frontier and hypervolume updates, all through runSearchSession.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticExecutor } from '../src/executor/index.js';
import { runSearchSession } from '../src/search/index.js';

export async function throughput(spaceFile: string, strategy: string, trials: number, workers: number) {
  const runsDir = mkdtempSync(join(tmpdir(), 'spin-bench-'));
  try {
    const start = performance.now();
    const { outcome } = await runSearchSession({ spaceFile, runsDir, trials, workers, strategy, executor: new SyntheticExecutor() });
    const seconds = (performance.now() - start) / 1000;
    return { trials: outcome.finished, seconds, perSecond: outcome.finished / seconds };
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
}
