/**
 * Flags shared by the commands, each checked once where it enters: commander's `.choices()`
 * for named values, an `.argParser()` for numbers and budgets. A parser throws the project's
 * UsageError, which the CLI prints as one line with exit code 2.
 */
import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { parseBudgetFlag, type TrainerKind } from '../search/index.js';
import { KEEP_WEIGHTS } from '../search/keep-weights.js';
import type { ProxyBudget } from '../space/types.js';
import type { KeepWeights } from '../store/index.js';
import type { BackendName } from '../train/types.js';

export const BACKEND_CHOICES: readonly (BackendName | 'auto')[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
export const TRAINER_CHOICES: readonly TrainerKind[] = ['local', 'synthetic'];

/** A parser for an integer flag of at least `min`. */
export function integerArg(flag: string, min: number): (text: string) => number {
  return (text) => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min) {
      const kind = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
      throw new UsageError(`option ${flag}: got ${JSON.stringify(text)}; use ${kind}`);
    }
    return value;
  };
}

/** A parser for a positive number flag (decimals and exponents allowed: 0.5, 2e3). */
export function positiveNumberArg(flag: string, unit: string): (text: string) => number {
  return (text) => {
    const value = /^\s*[0-9.eE+-]+\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value) || value <= 0) throw new UsageError(`option ${flag}: got ${JSON.stringify(text)}; use a positive number of ${unit}`);
    return value;
  };
}

export function integerOption(flags: string, description: string, min: number, defaultValue?: number): Option {
  const flag = flags.split(' ')[0]!;
  const option = new Option(flags, description).argParser(integerArg(flag, min));
  return defaultValue === undefined ? option : option.default(defaultValue);
}

export function backendOption(defaultValue: BackendName | 'auto' = 'auto'): Option {
  return new Option('--backend <name>', 'training backend').choices(BACKEND_CHOICES).default(defaultValue);
}

export function trainerOption(description: string, defaultValue: TrainerKind = 'local'): Option {
  return new Option('--trainer <kind>', description).choices(TRAINER_CHOICES).default(defaultValue);
}

export function keepWeightsOption(description: string, defaultValue: KeepWeights): Option {
  return new Option('--keep-weights <which>', description).choices(KEEP_WEIGHTS).default(defaultValue);
}

export function budgetOption(description: string): Option {
  return new Option('--budget <spec>', description).argParser((text): Partial<ProxyBudget> => parseBudgetFlag(text));
}
