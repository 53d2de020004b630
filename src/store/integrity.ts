/**
 * Consistency of a run beyond its schema: a damaged or hand-edited run.json is refused, not
 * half-used. Trial ids and (architecture, rung) pairs are unique, every stored genome is an
 * architecture of the stored space, every trial stays within the run's rungs and was promoted
 * from a trial of the rung below, and parent records sit under their own hash. (The frontier
 * lists are recomputed from the trials on resume.) Pure: reads the document only. The structure is checked by every reader; genomes
 * by the command that uses them as architectures (search --resume: trains, promotes and tells
 * the strategy about them). status and report only show stored labels and numbers, and the
 * report was made to list a trial whose genome no longer decodes, so they still read such a run.
 */
import { RunStoreError, describeValue } from '../errors.js';
import { validateGenome } from '../space/canonical.js';
import type { SearchSpace } from '../space/types.js';
import type { RunDocument } from './document.js';

const REPAIR =
  'the run was left untouched. Restore run.json from a backup, or repair it by hand: remove that trial (and the trials promoted from it) ' +
  'from trials, frontier and rungFrontiers, then resume (the search trains what is missing)';

function damaged(file: string, field: string, value: unknown, why: string): RunStoreError {
  return new RunStoreError(`${file}: the run is damaged: field ${field}: got ${describeValue(value)}; ${why}; ${REPAIR}`);
}

/** Throws a RunStoreError naming the first inconsistency of `doc` (read from `file`). */
export function checkIntegrity(file: string, doc: RunDocument): void {
  const rungs = doc.config.rungs.length;
  const ids = new Map<string, number>();
  const pairs = new Map<string, number>();
  doc.trials.forEach((t, i) => {
    const twin = ids.get(t.id);
    if (twin !== undefined) throw damaged(file, `trials[${i}].id`, t.id, `trials[${twin}] has that id too (trial ids are unique)`);
    ids.set(t.id, i);
    if (t.rung >= rungs) throw damaged(file, `trials[${i}].rung`, t.rung, `the run has ${rungs} rung${rungs === 1 ? '' : 's'} (0 to ${rungs - 1})`);
    const pair = `${t.hash}:${t.rung}`;
    const same = pairs.get(pair);
    if (same !== undefined) throw damaged(file, `trials[${i}].hash`, t.hash, `trials[${same}] is that architecture at rung ${t.rung} too (each is trained once per rung)`);
    pairs.set(pair, i);
  });
  doc.trials.forEach((t, i) => {
    if (t.rung > 0 && !pairs.has(`${t.hash}:${t.rung - 1}`)) {
      throw damaged(file, `trials[${i}].rung`, t.rung, `no trial of architecture ${t.hash} at rung ${t.rung - 1} to have been promoted from`);
    }
  });
  if (doc.frontierRung !== undefined && doc.frontierRung >= rungs) {
    throw damaged(file, 'frontierRung', doc.frontierRung, `the run has ${rungs} rung${rungs === 1 ? '' : 's'}`);
  }
  for (const [key, parent] of Object.entries(doc.parents)) {
    if (parent.hash !== key) throw damaged(file, `parents.${key}.hash`, parent.hash, `a parent is stored under its own hash (${key})`);
  }
}

/** Every stored genome must be an architecture of the stored space (search --resume). */
export function checkGenomes(file: string, space: SearchSpace, trials: RunDocument['trials']): void {
  trials.forEach((t, i) => {
    let problem: string | null;
    try {
      problem = validateGenome(space, t.genome);
    } catch (error) {
      throw damaged(file, 'space', space.name, `the stored search space cannot check genomes (${(error as Error).message})`);
    }
    if (problem !== null) throw damaged(file, `trials[${i}].genome`, t.genome, `not an architecture of the run's search space (${problem})`);
  });
}
