/**
 * The strategy plug-in contract, typed for plug-ins written in TypeScript. A plug-in is a
 * factory: given a context (genome operators, the seeded generator, the number of
 * objectives, free-form options) it returns an ask/tell strategy. See
 * examples/custom-strategy.ts (and its JavaScript twin, custom-strategy.mjs).
 */
import type { Strategy, StrategyContext } from '../search/strategies/contract.js';
import { BUILT_IN_STRATEGIES } from '../search/strategies/registry.js';

/**
 * A typed identity for a strategy factory: `export default defineStrategy((context) => ({ ... }))`
 * checks the returned object against the Strategy contract at compile time.
 */
export function defineStrategy<S extends Strategy>(factory: (context: StrategyContext) => S): (context: StrategyContext) => S {
  return factory;
}

/** Names accepted as `strategy` besides a factory or a module path. */
export const BUILT_IN_STRATEGY_NAMES: readonly string[] = Object.freeze(Object.keys(BUILT_IN_STRATEGIES));
