/**
 * The semver surface: every name src/index.ts exports is described in API.md (a `### name`
 * heading), API.md describes nothing that is not exported, and the compiled entry exports
 * at run time exactly the value names the source lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers.js';

/** Names exported by `export { ... } from` / `export type { ... } from` blocks; `type` marks type-only names. */
function exportedNames(source: string): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const match of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from/g)) {
    const typeOnly = match[1] !== undefined;
    for (const raw of match[2]!.split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const isType = typeOnly || item.startsWith('type ');
      const name = item.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
      (isType ? types : values).push(name);
    }
  }
  return { values, types };
}

const source = readFileSync(join(repoRoot, 'src', 'index.ts'), 'utf8');
const doc = readFileSync(join(repoRoot, 'API.md'), 'utf8');
const { values, types } = exportedNames(source);
const described = [...doc.matchAll(/^### `([A-Za-z_$][\w$]*)`/gm)].map((m) => m[1]!);

test('the entry exports values and types (the parser found them)', () => {
  assert.ok(values.includes('search') && values.includes('openRun'), values.join(' '));
  assert.ok(types.includes('Strategy') && types.includes('SearchOptions'), types.join(' '));
});

test('every export of src/index.ts is described in API.md', () => {
  const undocumented = [...values, ...types].filter((name) => !described.includes(name));
  assert.deepEqual(undocumented, [], 'add a "### `name`" section to API.md for each');
});

test('API.md describes only what src/index.ts exports', () => {
  const exported = new Set([...values, ...types]);
  assert.deepEqual(described.filter((name) => !exported.has(name)), []);
});

test('the compiled entry exports exactly the value names of src/index.ts', async () => {
  const entry = (await import(pathToFileURL(join(repoRoot, 'dist', 'src', 'index.js')).href)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(entry).sort(), [...values].sort());
});
