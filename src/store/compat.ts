/**
 * Resuming a run with a different space or configuration would mix incomparable trials, so
 * the stored and requested settings must agree on everything that shapes results.
 */
import { RunStoreError } from '../errors.js';
import type { SearchSpace } from '../space/types.js';
import type { RunConfig } from './document.js';

/** Config fields that may change between invocations (they do not change any result). */
const FREE_FIELDS = new Set(['trials', 'workers', 'backend', 'trainer', 'dataDir', 'delayMs', 'keepWeights', 'maxCompute']);

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Throws a RunStoreError naming the first difference that matters. */
export function checkCompatible(
  dir: string,
  stored: { space: SearchSpace; config: RunConfig },
  requested: { space: SearchSpace; config: RunConfig },
): void {
  const { file: _a, ...storedSpace } = stored.space;
  const { file: _b, ...requestedSpace } = requested.space;
  for (const key of new Set([...Object.keys(storedSpace), ...Object.keys(requestedSpace)])) {
    const a = (storedSpace as Record<string, unknown>)[key];
    const b = (requestedSpace as Record<string, unknown>)[key];
    if (canonical(a) !== canonical(b)) {
      throw new RunStoreError(
        `${dir}: the run was started with a different search space (field ${key}: stored ${canonical(a)}, ` +
          `now ${canonical(b)}); use another --name for a new run, or the original space file to resume`,
      );
    }
  }
  for (const key of new Set([...Object.keys(stored.config), ...Object.keys(requested.config)])) {
    if (FREE_FIELDS.has(key)) continue;
    const a = stored.config[key];
    const b = requested.config[key];
    if (canonical(a) !== canonical(b)) {
      throw new RunStoreError(
        `${dir}: the run was started with --${flagName(key)} ${canonical(a)}, now ${canonical(b)}; ` +
          'use the original settings to resume, or another --name for a new run',
      );
    }
  }
}

function flagName(key: string): string {
  if (key === 'rungs') return 'budget (rung budgets)';
  if (key === 'scales') return 'objective scales';
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
