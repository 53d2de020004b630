/**
 * Malformed documents derived from a JSON Schema: for every field the schema states, each
 * kind of wrong value its keywords rule out (type, minimum, maximum, enum, lengths, unique
 * items, required keys, unknown keys), with the field an error must name.
 */
import { InputFileError } from '../../src/errors.js';

export type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  enum?: unknown[];
  anyOf?: Schema[];
};
export type Doc = Record<string, unknown>;

export interface Case {
  name: string;
  field: string;
  mutate(doc: Doc): void;
}

/** Where `path` (e.g. ["budget", "rungs", 0]) leads in `doc`: its parent and key. */
function at(doc: Doc, path: (string | number)[]): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = doc as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  return { parent, key: path[path.length - 1] as string | number };
}

function fieldOf(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '');
}

function valueAt(doc: Doc, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, p) => (v as Record<string | number, unknown>)[p], doc);
}

export function casesFor(schema: Schema, doc: Doc, path: (string | number)[], out: Case[], skip: (field: string, key: string, parent: unknown) => boolean = () => false): void {
  const field = fieldOf(path);
  const set = (value: unknown) => (d: Doc) => {
    const { parent, key } = at(d, path);
    parent[key] = value;
  };
  const add = (what: string, mutate: (d: Doc) => void, expected = field) => out.push({ name: `${field || '(top level)'}: ${what}`, field: expected, mutate });
  const current = valueAt(doc, path);
  if (schema.enum) add('a value not in the enum', set('not-a-choice'));
  if (schema.anyOf) add('a value matching no alternative', set(true));
  switch (schema.type ?? '') {
    case 'object': {
      if (path.length > 0) add('not an object', set('text'));
      add('an unknown key', (d) => ((path.length ? valueAt(d, path) : d) as Doc)['zzUnknown'] = 1, fieldOf([...path, 'zzUnknown']));
      for (const key of schema.required ?? []) {
        add(`without required ${key}`, (d) => delete ((path.length ? valueAt(d, path) : d) as Doc)[key], fieldOf([...path, key]));
      }
      if (typeof schema['minProperties'] === 'number') add('an empty object', set({}));
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (skip(field, key, current)) continue;
        if ((current as Doc)[key] === undefined) throw new Error(`the full test space lacks ${fieldOf([...path, key])}: add it to the full test document`);
        casesFor(sub, doc, [...path, key], out, skip);
      }
      break;
    }
    case 'array': {
      const list = current as unknown[];
      add('not a list', set(7));
      if (typeof schema['minItems'] === 'number') add('too few items', set(list.slice(0, (schema['minItems']) - 1)));
      if (typeof schema['maxItems'] === 'number') {
        const max = schema['maxItems'];
        const long = Array.from({ length: max + 1 }, (_, i) => (typeof list[0] === 'number' ? i + 1 : list[i % list.length]));
        // Fields whose items are not numbers may also fail uniqueItems first; either names this list.
        add('too many items', set(long));
      }
      if (schema['uniqueItems'] === true) add('a duplicate item', set([list[0], list[0]]));
      if (Array.isArray(schema.items)) schema.items.forEach((sub, i) => casesFor(sub, doc, [...path, i], out, skip));
      else if (schema.items) casesFor(schema.items, doc, [...path, 0], out, skip);
      break;
    }
    case 'integer':
      add('not an integer', set(1.5));
      add('a string', set('7'));
      if (typeof schema['minimum'] === 'number') add('below the minimum', set((schema['minimum']) - 1));
      if (typeof schema['maximum'] === 'number') add('above the maximum', set((schema['maximum']) + 1));
      break;
    case 'number':
      add('a string', set('0.1'));
      if (typeof schema['exclusiveMinimum'] === 'number') add('at the exclusive minimum', set(schema['exclusiveMinimum']));
      if (typeof schema['maximum'] === 'number') add('above the maximum', set((schema['maximum']) * 10));
      break;
    case 'string':
      add('not a string', set(5));
      if (typeof schema['minLength'] === 'number') add('an empty string', set(''));
      if (typeof schema['maxLength'] === 'number') add('too long', set('x'.repeat((schema['maxLength']) + 1)));
      break;
    case 'boolean':
      add('not a boolean', set('yes'));
      break;
    default:
      break;
  }
}

/**
 * What is wrong with how `parse` refused (or accepted) the case `c` applied to `doc`: null
 * when it threw one InputFileError naming the case's field (or a field inside it) on one
 * line that starts with "<file>: field " and says a fix after "; ", with exit code 2.
 */
export function refusalProblem(c: Case, doc: Doc, file: string, parse: (doc: Doc, file: string) => unknown): string | null {
  c.mutate(doc);
  try {
    parse(doc, file);
    return `${c.name}: accepted`;
  } catch (e) {
    if (!(e instanceof InputFileError)) return `${c.name}: ${String(e)}`;
    const named = e.field === c.field || e.field.startsWith(`${c.field}.`) || e.field.startsWith(`${c.field}[`);
    if (!named) return `${c.name}: names ${e.field} (${e.message})`;
    if (!e.message.startsWith(`${file}: field `) || !e.message.includes('; ') || e.message.includes('\n')) return `${c.name}: message ${e.message}`;
    if (e.exitCode !== 2) return `${c.name}: exit code ${e.exitCode}`;
    return null;
  }
}
