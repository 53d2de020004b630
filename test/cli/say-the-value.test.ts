/** Errors quote the value that was given: 1e999 in run.json, a --budget value as typed, an empty study file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeValue } from '../../src/errors.js';
import { runInProcess, tempDir } from '../helpers.js';

test('describeValue says Infinity and NaN, also inside lists, instead of the null JSON would print', () => {
  assert.match(describeValue(Infinity), /^Infinity \(a number beyond the largest one, e\.g\. 1e999\)$/);
  assert.match(describeValue(NaN), /^NaN/);
  assert.equal(describeValue([1, -Infinity]), '[1,-Infinity]');
  assert.equal(describeValue({ a: 10n }), 'a value holding a BigInt (no JSON form)');
});

test('a non-finite number in run.json is reported as Infinity, not null', async () => {
  const runs = tempDir('spin-value-');
  const made = await runInProcess(['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'v', '--runs-dir', runs, '--trials', '2', '--trainer', 'synthetic']);
  assert.equal(made.code, 0, made.stderr);
  const file = join(runs, 'v', 'run.json');
  const text = readFileSync(file, 'utf8').replace(/"valAccuracy":[0-9.e-]+/, '"valAccuracy":1e999');
  writeFileSync(file, text);
  const r = await runInProcess(['status', join(runs, 'v')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /field trials\[\d\]\.result\.valAccuracy.*got Infinity \(a number beyond the largest one, e\.g\. 1e999\)/);
  assert.equal(readFileSync(file, 'utf8'), text);
});

test('a --budget value that does not parse is quoted as typed', async () => {
  const r = await runInProcess(['search', 'test/fixtures/spaces/tiny-convmixer.json', '--budget', 'epochs=abc', '--trainer', 'synthetic', '--runs-dir', tempDir()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--budget epochs: got "abc"; use a positive number/);
  const blank = await runInProcess(['search', 'test/fixtures/spaces/tiny-convmixer.json', '--budget', 'epochs=', '--trainer', 'synthetic', '--runs-dir', tempDir()]);
  assert.match(blank.stderr, /--budget epochs: got ""; use a positive number/);
});

test('an empty or blank study file gets a study file\'s fix', async () => {
  const file = join(tempDir(), 'study.json');
  writeFileSync(file, '  \n');
  const r = await runInProcess(['study', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /study\.json: field \(top level\) is empty: .*write a JSON object describing the study; see studies\/spin-fmnist\.json/);
  assert.doesNotMatch(r.stderr, /describing the space/);
});
