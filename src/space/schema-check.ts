/**
 * JSON Schema checks of input files (spaces, studies, run stores) with ajv, and the one
 * translation of ajv's errors into an InputFileError about the most specific problem:
 * the file, the field path (e.g. `sharing.shareRate[2]`), the value and what is allowed
 * (each schema's `description`).
 */
import { Ajv, type ErrorObject } from 'ajv';
import { InputFileError } from '../errors.js';
import { closest, joinPath, pointerToPath } from './json-text.js';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** A function that throws an InputFileError when `json` does not match `schema`. */
export function schemaChecker(schema: object, schemaName: string): (json: unknown, file: string) => void {
  let firstError: Validator | undefined;
  let allErrors: Validator | undefined;
  return (json, file) => {
    firstError ??= new Ajv({ allErrors: false, verbose: true, strict: true, discriminator: true }).compile(schema) as Validator;
    if (firstError(json)) return;
    // An unknown key anywhere in the file (a typo is the likely cause of a missing required key too).
    allErrors ??= new Ajv({ allErrors: true, verbose: true, strict: true, discriminator: true }).compile(schema) as Validator;
    allErrors(json);
    const unknown = (allErrors.errors ?? []).find((e) => e.keyword === 'additionalProperties');
    throw schemaError(file, unknown ? [unknown] : (firstError.errors ?? []), schemaName);
  };
}

/** Turns ajv's errors into one InputFileError about the most specific problem. */
function schemaError(file: string, errors: ErrorObject[], schemaName: string): InputFileError {
  const chosen = pickError(errors);
  if (!chosen) return new InputFileError(file, '', undefined, `the file does not match ${schemaName}`);
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
    case 'discriminator': {
      const tag = String(chosen.params.tag);
      const field = joinPath(path, tag);
      return new InputFileError(file, field, chosen.params.tagValue, allowed ?? String(chosen.message), chosen.params.tagValue === undefined ? 'is required' : 'is not one of the allowed values');
    }
    case 'pattern':
      return new InputFileError(file, path, chosen.data, allowed ?? String(chosen.message), 'has characters that are not allowed');
    case 'minimum':
    case 'exclusiveMinimum':
      return new InputFileError(file, path, chosen.data, allowed ?? String(chosen.message), `is too small (${chosen.message})`);
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
