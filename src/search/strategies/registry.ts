/**
 * Resolving `--strategy`: a built-in name, or a path to a user module exporting a factory
 * (`export default function (context) { return strategy }`, or a named `createStrategy`).
 * See examples/custom-strategy.mjs.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../errors.js';
import type { Strategy, StrategyFactory } from './contract.js';
import { createRegularizedEvolution } from './evolution.js';
import { createNsga2 } from './nsga2.js';
import { createRandomSearch } from './random.js';
import { createMotpe } from './tpe.js';

export const BUILT_IN_STRATEGIES: Readonly<Record<string, StrategyFactory>> = {
  random: createRandomSearch,
  evolution: createRegularizedEvolution,
  nsga2: createNsga2,
  motpe: createMotpe,
};

export function isPluginSpec(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|cjs)$/.test(spec);
}

/** The factory for `spec`; plug-in paths resolve against `cwd`. */
export async function resolveStrategy(spec: string, cwd = process.cwd()): Promise<StrategyFactory> {
  const builtIn = BUILT_IN_STRATEGIES[spec];
  if (builtIn) return builtIn;
  if (!isPluginSpec(spec)) {
    throw new UsageError(
      `--strategy: got ${JSON.stringify(spec)}; use one of ${Object.keys(BUILT_IN_STRATEGIES).join(', ')} ` +
        'or a path to a strategy module (e.g. ./my-strategy.js)',
    );
  }
  const file = resolve(cwd, spec);
  if (!existsSync(file)) throw new UsageError(`--strategy ${spec}: no such file (${file}); give the path of a JavaScript module`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--strategy ${spec}: the module failed to load: ${(error as Error).message}`, { cause: error });
  }
  const factory = module['createStrategy'] ?? module['default'];
  if (typeof factory !== 'function') {
    throw new UsageError(
      `--strategy ${spec}: the module exports no strategy factory; export default (or export createStrategy) ` +
        'a function (context) => ({ name, ask, tell, state, restore })',
    );
  }
  return factory as StrategyFactory;
}

/** Checks the shape of what a factory returned. */
export function checkStrategy(spec: string, strategy: unknown): Strategy {
  const s = strategy as Partial<Strategy> | null;
  const missing = ['ask', 'tell', 'state', 'restore'].filter((m) => typeof (s as Record<string, unknown> | null)?.[m] !== 'function');
  if (s === null || typeof s !== 'object' || missing.length > 0) {
    throw new UsageError(`--strategy ${spec}: the factory returned no strategy (missing ${missing.join(', ') || 'object'})`);
  }
  return s as Strategy;
}
