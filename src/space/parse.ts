/**
 * From parsed JSON to a SearchSpace: the schema check (ajv), then the checks a schema
 * cannot state (see checks.ts). Pure: no files. Every problem is an InputFileError naming
 * the file, the field path (e.g. `sharing.shareRate[2]`), the value and what is allowed.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { InputFileError } from '../errors.js';
import { checkSpace } from './checks.js';
import { DEFAULT_RANDOM_SEEDS } from './genes.js';
import { closest, joinPath, pointerToPath } from './json-text.js';
import { searchSpaceSchema } from './schema.js';
import type { SearchSpace } from './types.js';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let firstError: Validator | undefined;
let allErrors: Validator | undefined;

function validate(): Validator {
  firstError ??= new Ajv({ allErrors: false, verbose: true, strict: true }).compile(searchSpaceSchema) as Validator;
  return firstError;
}

/** An unknown key anywhere in the file (a typo is the likely cause of a missing required key too). */
function unknownKeyError(json: unknown): ErrorObject | undefined {
  allErrors ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(searchSpaceSchema) as Validator;
  allErrors(json);
  return (allErrors.errors ?? []).find((e) => e.keyword === 'additionalProperties');
}

export function parseSpace(json: unknown, file: string): SearchSpace {
  const check = validate();
  if (!check(json)) {
    const unknown = unknownKeyError(json);
    throw schemaError(file, unknown ? [unknown] : (check.errors ?? []));
  }
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

/** Turns ajv's errors into one InputFileError about the most specific problem. */
function schemaError(file: string, errors: ErrorObject[]): InputFileError {
  const chosen = pickError(errors);
  if (!chosen) return new InputFileError(file, '', undefined, 'the file does not match schema/search-space.schema.json');
  const path = pointerToPath(chosen.instancePath);
  const described = (s: unknown) => (s && typeof s === 'object' && 'description' in s ? String(s.description) : undefined);
  const allowed = described(chosen.parentSchema);
  switch (chosen.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = String(chosen.params.additionalProperty);
      const known = Object.keys((chosen.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(key, known);
      return new InputFileError(
        file,
        joinPath(path, key),
        (chosen.data as Record<string, unknown>)[key],
        `${guess ? `did you mean "${guess}"? ` : ''}known keys here: ${known.join(', ')}`,
        'is an unknown key',
      );
    }
    case 'required': {
      const key = String(chosen.params.missingProperty);
      const props = (chosen.parentSchema as { properties?: Record<string, unknown> }).properties ?? {};
      return new InputFileError(file, joinPath(path, key), undefined, `add it: ${described(props[key]) ?? 'a required field'}`, 'is required');
    }
    case 'enum':
      return new InputFileError(
        file,
        path,
        chosen.data,
        `allowed: ${(chosen.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        'is not one of the allowed values',
      );
    case 'uniqueItems':
      return new InputFileError(
        file,
        path,
        chosen.data,
        `remove the duplicate (items ${chosen.params.j} and ${chosen.params.i} are equal); ${allowed ?? ''}`.trim(),
        'lists a choice twice',
      );
    case 'anyOf':
      return new InputFileError(file, path, chosen.data, allowed ?? String(chosen.message), 'is not an allowed value');
    case 'type':
      return new InputFileError(file, path, chosen.data, allowed ?? String(chosen.message), `must be ${article(String(chosen.params.type))}`);
    case 'minItems':
      return new InputFileError(file, path, chosen.data, allowed ?? `list at least ${chosen.params.limit} item(s)`,
        chosen.params.limit === 1 ? 'is an empty list' : `needs at least ${chosen.params.limit} items`);
    case 'maximum':
    case 'maxItems':
    case 'maxLength':
      return new InputFileError(file, path, chosen.keyword === 'maximum' ? chosen.data : `${describeSize(chosen.data)}`, allowed ?? String(chosen.message),
        `is too large (at most ${chosen.params.limit}${chosen.keyword === 'maximum' ? '' : chosen.keyword === 'maxItems' ? ' items' : ' characters'})`);
    default:
      return new InputFileError(file, path, chosen.data, allowed ?? String(chosen.message), String(chosen.message));
  }
}

function describeSize(data: unknown): string {
  if (Array.isArray(data)) return `a list of ${data.length} items`;
  if (typeof data === 'string') return `a text of ${data.length} characters`;
  return String(data);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The deepest error; at equal depth an anyOf summary beats its branches. */
function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const e of errors) {
    if (!best) best = e;
    else {
      const depth = e.instancePath.split('/').length;
      const bestDepth = best.instancePath.split('/').length;
      if (depth > bestDepth || (depth === bestDepth && e.keyword === 'anyOf')) best = e;
    }
  }
  return best;
}
