/**
 * Malformed spaces derived from the schema itself: for every field the schema states, each
 * kind of wrong value its keywords rule out (type, minimum, maximum, enum, lengths, unique
 * items, required keys, unknown keys). Each must be an InputFileError naming that field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpace, searchSpaceSchema } from '../../src/space/index.js';
import { fullConvSpaceJson, fullOwnDataSpaceJson, fullVitSpaceJson } from './full-spaces.js';
import { casesFor, refusalProblem, type Case, type Doc, type Schema } from './schema-walk.js';

/** Cases for the ViT-only fields come from the ViT space; everything else from the ConvMixer one. */
function allCases(): { base: () => Doc; cases: Case[] }[] {
  const schema = searchSpaceSchema as unknown as Schema;
  const conv: Case[] = [];
  casesFor(schema, fullConvSpaceJson(), [], conv, (field, key) => (field === 'backbone' && (key === 'heads' || key === 'mlpRatio')) || (field === 'dataset' && key === 'source'));
  const backbone = schema.properties!['backbone'] as Schema;
  const vit: Case[] = [];
  for (const key of ['heads', 'mlpRatio']) casesFor(backbone.properties![key] as Schema, fullVitSpaceJson(), ['backbone', key], vit);
  const dataset = schema.properties!['dataset'] as Schema;
  const own: Case[] = [];
  casesFor(dataset.properties!['source'] as Schema, fullOwnDataSpaceJson(), ['dataset', 'source'], own);
  return [
    { base: fullConvSpaceJson, cases: conv },
    { base: fullVitSpaceJson, cases: vit },
    { base: fullOwnDataSpaceJson, cases: own },
  ];
}

const groups = allCases();
const total = groups.reduce((n, g) => n + g.cases.length, 0);

test('the full test spaces are valid (so every case below fails for its own reason)', () => {
  parseSpace(fullConvSpaceJson(), 'conv.json');
  parseSpace(fullVitSpaceJson(), 'vit.json');
  parseSpace(fullOwnDataSpaceJson(), 'own.json');
});

test(`every schema field's violations (${total} cases) are one-line errors naming that field`, () => {
  assert.ok(total > 200, `only ${total} cases derived`);
  const failures: string[] = [];
  for (const { base, cases } of groups) {
    for (const c of cases) {
      const problem = refusalProblem(c, base(), 'space.json', parseSpace);
      if (problem !== null) failures.push(problem);
    }
  }
  assert.deepEqual(failures, []);
});

test('every size the schema states has an upper bound', () => {
  const unbounded: string[] = [];
  const walk = (s: Schema, path: string) => {
    if ((s.type === 'integer' || s.type === 'number') && typeof s['maximum'] !== 'number') unbounded.push(path);
    const uniqueOfEnum = s['uniqueItems'] === true && !Array.isArray(s.items) && Array.isArray(s.items?.enum);
    if (s.type === 'array' && typeof s['maxItems'] !== 'number' && !uniqueOfEnum) unbounded.push(path);
    if (s.type === 'string' && typeof s['maxLength'] !== 'number') unbounded.push(path);
    for (const [k, sub] of Object.entries(s.properties ?? {})) walk(sub, `${path}.${k}`);
    if (Array.isArray(s.items)) s.items.forEach((sub) => walk(sub, `${path}[]`));
    else if (s.items) walk(s.items, `${path}[]`);
    for (const sub of s.anyOf ?? []) walk(sub, path);
  };
  walk(searchSpaceSchema as unknown as Schema, '');
  // A list of distinct values of an enum (mapping, init, a component set) is bounded by the enum.
  assert.deepEqual(unbounded, []);
});
