/**
 * From parsed JSON to a SearchSpace: the schema check (ajv), then the checks a schema
 * cannot state (see checks.ts). Pure: no files. Every problem is an InputFileError naming
 * the file, the field path (e.g. `sharing.shareRate[2]`), the value and what is allowed.
 */
import { checkSpace } from './checks.js';
import { DEFAULT_RANDOM_SEEDS } from './genes.js';
import { schemaChecker } from './schema-check.js';
import { searchSpaceSchema } from './schema.js';
import type { SearchSpace } from './types.js';

const checkSchema = schemaChecker(searchSpaceSchema, 'schema/search-space.schema.json');

export function parseSpace(json: unknown, file: string): SearchSpace {
  checkSchema(json, file);
  const raw = structuredClone(json) as Omit<SearchSpace, 'file' | 'constraints'> & {
    constraints?: SearchSpace['constraints'];
    $schema?: string;
  };
  const space: SearchSpace = {
    file,
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    backbone: raw.backbone,
    dataset: raw.dataset,
    sharing: { ...raw.sharing, randomSeeds: raw.sharing.randomSeeds ?? DEFAULT_RANDOM_SEEDS },
    constraints: raw.constraints ?? {},
    objectives: raw.objectives,
    budget: raw.budget,
  };
  checkSpace(space);
  return space;
}

