/** Random search: uniform samples of the space, learning nothing. */
import type { Strategy, StrategyContext } from './contract.js';

export function createRandomSearch(context: StrategyContext): Strategy {
  const { ops, rng } = context;
  return {
    name: 'random',
    ask: (n) => Array.from({ length: n }, () => ({ genome: ops.sample(rng) })),
    tell: () => undefined,
    state: () => ({}),
    restore: () => undefined,
  };
}
