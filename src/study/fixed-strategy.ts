/**
 * A strategy that proposes a fixed list of genomes, in order, once each: how a study's grid
 * of architectures goes through the ordinary search loop (and so through the run store,
 * resume and the trainer pool) without a second scheduling path.
 */
import type { Genome } from '../space/types.js';
import type { StrategyFactory } from '../search/index.js';

export function fixedListStrategy(genomes: readonly Genome[]): StrategyFactory {
  return () => {
    let next = 0;
    return {
      name: 'fixed',
      ask(n: number) {
        const out = genomes.slice(next, next + n).map((genome) => ({ genome: genome.slice() }));
        next += out.length;
        return out;
      },
      tell: () => undefined,
      state: () => ({ next }),
      restore(state: unknown) {
        const saved = (state as { next?: unknown } | null)?.next;
        next = typeof saved === 'number' && Number.isInteger(saved) && saved >= 0 ? saved : 0;
      },
    };
  };
}
