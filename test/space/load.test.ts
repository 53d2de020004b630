import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { geneNames, loadSpace, parseJsonText, parseSpace, schemaText, spaceSize } from '../../src/space/index.js';
import { InputFileError } from '../../src/errors.js';
import { fixture, repoRoot } from './helpers.js';

const shipped = readdirSync(join(repoRoot, 'search-spaces')).filter((f) => f.endsWith('.json'));

test('the repository ships the three required search spaces', () => {
  for (const name of ['convmixer-fmnist.json', 'vit-fmnist.json', 'convmixer-cifar10.json']) assert.ok(shipped.includes(name), name);
});

test('schema/search-space.schema.json is the schema the loader uses', () => {
  const onDisk = readFileSync(join(repoRoot, 'schema', 'search-space.schema.json'), 'utf8');
  assert.equal(onDisk, schemaText(), 'regenerate the file: see the comment at the top of src/space/schema.ts');
});

test('every shipped space references the schema and validates against the file on disk', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'search-space.schema.json'), 'utf8')) as object;
  const check = new Ajv({ strict: true }).compile(schema);
  for (const name of shipped) {
    const json = JSON.parse(readFileSync(join(repoRoot, 'search-spaces', name), 'utf8')) as { $schema?: string };
    assert.equal(json.$schema, '../schema/search-space.schema.json', name);
    assert.ok(check(json), `${name}: ${JSON.stringify(check.errors)}`);
    const space = loadSpace(join(repoRoot, 'search-spaces', name));
    assert.ok(spaceSize(space) > 0n);
  }
});

test('the default space is small enough to train on a CPU and has multi-fidelity rungs', () => {
  const space = loadSpace(join(repoRoot, 'search-spaces', 'convmixer-fmnist.json'));
  assert.equal(space.backbone.family, 'convmixer');
  assert.deepEqual(space.dataset, { name: 'fashion-mnist', inputShape: [28, 28, 1], classes: 10 });
  assert.ok(Math.max(...space.backbone.width) <= 64);
  assert.equal(space.budget.epochs, 1);
  assert.deepEqual(space.budget.rungs, [{ trainSubset: 3000 }, { trainSubset: 12000 }]);
  assert.equal(space.sharing.randomSeeds, 3);
});

test('parseSpace fills defaults and keeps the file name for messages', () => {
  const json = JSON.parse(readFileSync(fixture('tiny-convmixer.json'), 'utf8')) as { constraints?: unknown; backbone: { width: number[] } };
  delete json.constraints;
  const space = parseSpace(json, 'tiny.json');
  assert.equal(space.file, 'tiny.json');
  assert.deepEqual(space.constraints, {});
  assert.equal(space.sharing.randomSeeds, 3);
  assert.equal(geneNames(space).length, 10);
  assert.equal('$schema' in space, false);
});

test('parseSpace does not keep references into the JSON it was given', () => {
  const json = JSON.parse(readFileSync(fixture('tiny-convmixer.json'), 'utf8')) as { constraints?: unknown; backbone: { width: number[] } };
  const space = parseSpace(json, 'tiny.json');
  json.backbone.width.push(999);
  assert.deepEqual(space.backbone.width, [8, 16]);
});

test('a missing file is an InputFileError naming the path and where spaces live', () => {
  assert.throws(
    () => loadSpace('no/such/space.json'),
    (e: unknown) => e instanceof InputFileError && /no\/such\/space\.json/.test(e.message) && /no such file/.test(e.message) && /search-spaces\//.test(e.message),
  );
});

test('parseJsonText accepts a byte-order mark and locates syntax errors by line and column', () => {
  assert.deepEqual(parseJsonText('\ufeff{"a": 1}', 'x.json'), { a: 1 });
  assert.throws(() => parseJsonText('{\n  "a": 1\n  "b": 2\n}', 'x.json'), /x\.json: field \(top level\) is not valid JSON at line 3, column 3/);
  assert.throws(() => parseJsonText('{"a": }', 'x.json'), /line 1, column 7/);
  assert.throws(() => parseJsonText('[1, 2', 'x.json'), /line 1, column 6/);
});
