/** Helpers of the CLI fault tests: the trials a run has stored, and waiting for progress. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialRecord } from '../../src/store/index.js';

export function readTrials(runDir: string): TrialRecord[] {
  try {
    return (JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { trials: TrialRecord[] }).trials;
  } catch {
    return [];
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the search to make progress');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const doneCount = (runDir: string): number => readTrials(runDir).filter((t) => t.state === 'done').length;
