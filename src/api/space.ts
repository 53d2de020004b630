/**
 * Spaces for the library: from a file (as the CLI reads them), or from an object built in
 * code. Both go through the same schema and consistency checks; a problem is an
 * InputFileError naming the field, the value and the fix.
 */
import { loadSpace as loadSpaceFile, parseSpace } from '../space/load.js';
import type { Constraints, SearchSpace } from '../space/types.js';

/** A search space as written in a space file (the JSON the schema describes), typed. */
export type SpaceDefinition = Omit<SearchSpace, 'file' | 'constraints'> & {
  constraints?: Constraints;
  $schema?: string;
};

/** Reads and checks a space file, e.g. search-spaces/convmixer-fmnist.json. */
export function loadSpace(file: string): SearchSpace {
  return loadSpaceFile(file);
}

/**
 * Checks a space given as a value (a SpaceDefinition, JSON parsed elsewhere, or a
 * SearchSpace returned before) and returns it parsed. `label` names it in error messages
 * (default: its `file`, else `<space NAME>`).
 */
export function validateSpace(space: unknown, label?: string): SearchSpace {
  const object = space !== null && typeof space === 'object' && !Array.isArray(space) ? (space as Record<string, unknown>) : null;
  const { file, ...json } = object ?? {};
  const name = typeof json['name'] === 'string' ? json['name'] : 'unnamed';
  return parseSpace(object ? json : space, label ?? (typeof file === 'string' ? file : `<space ${name}>`));
}

/** A typed identity: write a space in TypeScript with completion and checks at compile time. */
export function defineSpace<S extends SpaceDefinition>(space: S): S {
  return space;
}

/** A space option: a file path, or an object (checked either way). */
export function resolveSpace(space: string | SpaceDefinition | SearchSpace): SearchSpace {
  return typeof space === 'string' ? loadSpaceFile(space) : validateSpace(space);
}
