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
import { exitCodeText, PLUGIN_TIME_LIMIT_MS } from './guard.js';
import { trapProcessExit } from '../../util/exit.js';
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
export async function resolveStrategy(spec: string, cwd = process.cwd(), timeLimitMs = PLUGIN_TIME_LIMIT_MS): Promise<StrategyFactory> {
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
    module = await importWithin(pathToFileURL(file).href, spec, timeLimitMs);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--strategy ${spec}: the module failed to load: ${(error as Error)?.message ?? String(error)}`, { cause: error });
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

/**
 * Imports a plug-in module, which must finish loading: a top-level await that never settles
 * ends in a UsageError (at once when nothing else is left to run, else after the time limit)
 * instead of a silent exit 0, and a process.exit() at its top level is refused.
 */
async function importWithin(url: string, spec: string, timeLimitMs: number): Promise<Record<string, unknown>> {
  let fail: (error: UsageError) => void = () => undefined;
  const stuck = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const never = (): void =>
    fail(new UsageError(`--strategy ${spec}: the module never finished loading (a top-level await that never settles); make its top-level code finish`));
  process.once('beforeExit', never);
  const timer = setTimeout(() => fail(new UsageError(`--strategy ${spec}: the module did not finish loading within ${timeLimitMs / 1000} s (a top-level await that does not settle?); make its top-level code finish`)), timeLimitMs);
  timer.unref();
  const untrap = trapProcessExit((code) => {
    throw new UsageError(`--strategy ${spec}: the module called process.exit(${exitCodeText(code)}) while loading; a strategy module must only export its factory`);
  });
  try {
    return (await Promise.race([import(url), stuck])) as Record<string, unknown>;
  } finally {
    untrap();
    clearTimeout(timer);
    process.off('beforeExit', never);
  }
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
