/**
 * run.json edited by hand: every field the run schema states, broken each way its keywords
 * rule out, is refused with the file and the field named, and the file is left byte-identical
 * (by `status`, `report` and `search --resume` alike).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStoreError } from '../../src/errors.js';
import { readRunDocument } from '../../src/store/index.js';
import { runDocumentSchema } from '../../src/store/schema.js';
import { runAll } from '../helpers.js';
import { casesFor, type Case, type Doc, type Schema } from '../space/schema-walk.js';

const root = mkdtempSync(join(tmpdir(), 'spin-run-file-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

let original = '';
test.before(async () => {
  const [r] = await runAll([['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'r', '--runs-dir', root, '--trials', '3', '--trainer', 'synthetic', '--seed', '1']]);
  assert.equal(r!.code, 0, r!.stderr);
  original = readFileSync(join(root, 'r', 'run.json'), 'utf8');
});

function derived(doc: Doc): Case[] {
  const out: Case[] = [];
  // Only the fields this run states (optional ones it lacks are skipped); extra keys are allowed.
  casesFor(runDocumentSchema as unknown as Schema, doc, [], out, (_field, key, parent) => (parent as Doc)[key] === undefined);
  return out.filter((c) => !c.name.endsWith('an unknown key'));
}

test('every run.json field broken by hand is refused naming the file and the field, and left untouched', async () => {
  const cases = derived(JSON.parse(original) as Doc);
  assert.ok(cases.length > 80, `only ${cases.length} cases`);
  const dir = join(root, 'edited');
  const file = join(dir, 'run.json');
  const failures: string[] = [];
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  for (const c of cases) {
    const doc = JSON.parse(original) as Doc;
    c.mutate(doc);
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(file, text);
    try {
      await readRunDocument(dir);
      failures.push(`${c.name}: accepted`);
    } catch (e) {
      if (!(e instanceof RunStoreError)) failures.push(`${c.name}: ${String(e)}`);
      else {
        const fieldNamed = c.field === 'format' || c.field === 'version' ? /field (format|version)|format version/ : new RegExp(`field ${c.field.replace(/[[\].]/g, '\\$&')}`);
        if (!e.message.startsWith(`${file}: `) || !fieldNamed.test(e.message) || !/left untouched/.test(e.message)) failures.push(`${c.name}: ${e.message}`);
      }
    }
    if (readFileSync(file, 'utf8') !== text) failures.push(`${c.name}: the file changed`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length}`);
});

test('status, report and search --resume refuse a hand-broken run.json with exit 2 and do not touch it', async () => {
  const doc = JSON.parse(original) as { trials: { state: string }[] };
  doc.trials[1]!.state = 'finished';
  const broken = JSON.stringify(doc, null, 2);
  const file = join(root, 'r', 'run.json');
  writeFileSync(file, broken);
  const dir = join(root, 'r');
  const results = await runAll([
    ['status', dir],
    ['report', dir],
    ['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'r', '--runs-dir', root, '--trials', '5', '--trainer', 'synthetic', '--seed', '1', '--resume'],
  ]);
  for (const r of results) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /run\.json: the run store is corrupt \(field trials\[1\]\.state is not one of the allowed values: got "finished"; allowed: "pending", "running", "done", "failed"\); it was left untouched/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.equal(readFileSync(file, 'utf8'), broken);
});
