/** Proposing genomes not seen before (a few retries; a small space may run out). */
import type { Genome } from '../../space/types.js';
import type { Rng } from '../../util/random.js';
import type { GenomeOps } from './contract.js';

export function freshChild(ops: GenomeOps, _rng: Rng, seen: Set<string>, make: () => Genome, tries = 12): Genome {
  let genome = make();
  for (let t = 1; t < tries && seen.has(ops.key(genome)); t++) genome = make();
  seen.add(ops.key(genome));
  return genome;
}
