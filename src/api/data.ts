/**
 * prepareData(): checks and decodes a space's own data (dataset.source) ahead of a search,
 * as search() does first: the same cache, the same one-line errors.
 */
import { prepareOwnDataset, type PreparedDataset } from '../data/own/index.js';
import { UsageError } from '../errors.js';
import type { SearchSpace } from '../space/types.js';
import { resolveSpace, type SpaceDefinition } from './space.js';

export type { PreparedDataset };

/** Decodes (or finds in the cache) the data a space's dataset.source names; a DataError (a UsageError) names a bad file and the fix. */
export function prepareData(space: string | SpaceDefinition | SearchSpace): PreparedDataset {
  const parsed = resolveSpace(space);
  if (parsed.dataset.source === undefined) {
    throw new UsageError(`${parsed.file}: field dataset.source is missing: ${parsed.dataset.name} is a built-in dataset; prepareData reads your own data (see "Your own data" in the README)`);
  }
  return prepareOwnDataset(parsed);
}
