/**
 * Multi-fidelity rungs. Rung i trains with the space's budget overridden by its rung entry
 * ({...budget, ...budget.rungs[i]}); a space without rungs has one rung, the budget itself.
 * Successive halving: of the feasible trials done at a rung, the best 1/eta by Pareto rank
 * are promoted to the next rung.
 */
import { UsageError, describeValue } from '../errors.js';
import type { ProxyBudget } from '../space/types.js';

type SpaceBudget = ProxyBudget & { rungs?: Partial<ProxyBudget>[] };

export function rungBudgets(budget: SpaceBudget, override: Partial<ProxyBudget> = {}): ProxyBudget[] {
  const { rungs, ...base } = budget;
  const list = rungs && rungs.length > 0 ? rungs : [{}];
  return list.map((r) => checkBudget({ ...base, ...r, ...override }));
}

const POSITIVE: (keyof ProxyBudget)[] = ['epochs', 'trainSubset', 'validationSize', 'batchSize', 'learningRate', 'maxSteps'];
const INTEGER = new Set<keyof ProxyBudget>(['epochs', 'trainSubset', 'validationSize', 'batchSize', 'maxSteps']);

function checkBudget(b: ProxyBudget): ProxyBudget {
  for (const key of POSITIVE) {
    const v = b[key];
    if (v === undefined && key === 'maxSteps') continue;
    if (typeof v !== 'number' || !(v > 0) || (INTEGER.has(key) && !Number.isInteger(v))) {
      throw new UsageError(`budget ${key}: got ${JSON.stringify(v)}; use a positive ${INTEGER.has(key) ? 'integer' : 'number'}`);
    }
  }
  if (b.schedule !== 'constant' && b.schedule !== 'cosine') {
    throw new UsageError(`budget schedule: got ${JSON.stringify(b.schedule)}; use constant or cosine`);
  }
  return b;
}

/**
 * Parses `--budget`: comma-separated key=value pairs (e.g. "epochs=2,trainSubset=3000") or
 * a JSON object. Values must be positive; they override every rung.
 */
export function parseBudgetFlag(text: string): Partial<ProxyBudget> {
  let entries: [string, unknown][];
  /** What was typed for each key=value pair, quoted as typed in errors (abc, not the NaN it became). */
  const typed = new Map<string, string>();
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      entries = Object.entries(JSON.parse(trimmed) as Record<string, unknown>);
    } catch (error) {
      throw new UsageError(`--budget: ${JSON.stringify(text)} is not valid JSON (${(error as Error).message})`);
    }
  } else {
    entries = trimmed.split(',').map((pair) => {
      const [key, value, ...rest] = pair.split('=');
      if (!key || value === undefined || rest.length > 0) {
        throw new UsageError(`--budget: got ${JSON.stringify(pair)}; use key=value pairs, e.g. epochs=2,trainSubset=3000`);
      }
      typed.set(key.trim(), value);
      const n = value.trim() === '' ? NaN : Number(value);
      return [key.trim(), value.trim() === 'constant' || value.trim() === 'cosine' ? value.trim() : n];
    });
  }
  const known = new Set<string>([...POSITIVE, 'schedule']);
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (!known.has(key)) throw new UsageError(`--budget: unknown field ${JSON.stringify(key)}; use ${[...known].join(', ')}`);
    if (key !== 'schedule' && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      const text = typed.get(key);
      // As typed: a number as it was written (0, -1), anything else in quotes ("abc", "").
      const shown = text === undefined ? describeValue(value) : text.trim() !== '' && Number.isFinite(Number(text)) ? text.trim() : JSON.stringify(text);
      throw new UsageError(`--budget ${key}: got ${shown}; use a positive number`);
    }
    out[key] = value;
  }
  return out;
}

/** Trials a run plans: `trials` at rung 0, then floor(n/eta) promoted to each next rung. */
export function plannedTrials(trials: number, rungs: number, eta: number): number {
  let total = 0;
  let n = trials;
  for (let r = 0; r < rungs && n > 0; r++) {
    total += n;
    n = Math.floor(n / eta);
  }
  return total;
}
