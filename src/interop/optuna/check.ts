/**
 * What a journal export needs from a stored run, checked before mapping it: objectives with
 * directions and a space whose genes can be listed. A damaged run.json gets a RunStoreError
 * naming the field; damaged trials are left out one by one later (see trial.ts).
 */
import { join } from 'node:path';
import { RunStoreError, describeValue } from '../../errors.js';
import { RUN_FILE } from '../../store/document.js';
import type { RunSnapshot } from '../../store/types.js';
import { geneParameters } from './distributions.js';

const METRICS = ['accuracy', 'params', 'flops'];
const DIRECTIONS = ['minimize', 'maximize'];

export function checkExportable(snapshot: RunSnapshot): void {
  const file = join(snapshot.dir, RUN_FILE);
  const damaged = (field: string, value: unknown, expected: string): RunStoreError =>
    new RunStoreError(
      `${file}: field ${field}: got ${describeValue(value)}; expected ${expected}. The run store is damaged and was left untouched; ` +
        'restore run.json from a backup to export it',
    );
  const objectives = snapshot.space?.objectives as unknown;
  if (!Array.isArray(objectives) || objectives.length === 0) throw damaged('space.objectives', objectives, 'a list of objectives');
  objectives.forEach((o: { metric?: unknown; direction?: unknown } | null, i) => {
    if (!METRICS.includes(o?.metric as string)) throw damaged(`space.objectives[${i}].metric`, o?.metric, METRICS.join(', '));
    if (!DIRECTIONS.includes(o?.direction as string)) throw damaged(`space.objectives[${i}].direction`, o?.direction, DIRECTIONS.join(' or '));
  });
  try {
    geneParameters(snapshot.space);
  } catch (error) {
    throw damaged('space', 'a space', `a search space with backbone and sharing choices (${(error as Error).message})`);
  }
  if (!Array.isArray(snapshot.trials)) throw damaged('trials', snapshot.trials, 'a list');
}
