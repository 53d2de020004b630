/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- the case edits an untyped JSON document */
/**
 * Files that are not space files at all, or not whole ones: truncated at every point,
 * binary, huge, deeply nested. Each is one InputFileError naming the file, never a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError } from '../../src/errors.js';
import { loadSpace, MAX_INPUT_BYTES, MAX_NESTING } from '../../src/space/index.js';
import { repoRoot } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spin-bad-text-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const shipped = readFileSync(join(repoRoot, 'search-spaces', 'convmixer-fmnist.json'), 'utf8');

function rejects(name: string, content: string | Buffer, says: RegExp): void {
  const file = join(dir, name);
  writeFileSync(file, content);
  assert.throws(
    () => loadSpace(file),
    (e: unknown) => {
      assert.ok(e instanceof InputFileError, `${name}: ${String(e)}`);
      assert.ok(e.message.startsWith(`${file}: field `), e.message);
      assert.ok(!e.message.includes('\n'), `${name}: more than one line: ${e.message}`);
      assert.match(e.message, says, name);
      return true;
    },
  );
}

test('a space file cut short at any point is a located syntax error or a missing field', () => {
  let cases = 0;
  for (let end = 1; end < shipped.trimEnd().length; end += 5) {
    rejects('truncated.json', shipped.slice(0, end), /is empty|not valid JSON at line \d+, column \d+|is required/);
    cases++;
  }
  assert.ok(cases > 200, `${cases} truncations`);
});

test('binary files are refused as not text, whatever their bytes', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  rejects('image.png.json', png, /is not a text file \(a NUL byte at offset 8\).*binary/);
  rejects('nul.json', `${shipped.slice(0, 40)}\u0000${shipped.slice(40)}`, /not a text file \(a NUL byte/);
  rejects('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]), /not a text file \(bytes that are not UTF-8\)/);
  let seed = 7;
  for (let n = 0; n < 20; n++) {
    const bytes = Buffer.from(Buffer.alloc(256, 0).map(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed >> 16) & 0xff));
    rejects(`random-${n}.bin`, bytes, /not a text file|not valid JSON/);
  }
});

test('a file over the size limit is refused before it is read', () => {
  const padded = `${shipped.slice(0, -2)}${' '.repeat(MAX_INPUT_BYTES)}}\n`;
  rejects('huge.json', padded, new RegExp(`is too large: got "${padded.length} bytes"; .*at most ${MAX_INPUT_BYTES} bytes`));
  rejects('huge-garbage.json', 'x'.repeat(MAX_INPUT_BYTES + 1), /is too large/);
});

test('deep nesting is refused by a scan, valid or not, and never overflows the stack', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  rejects('deep-valid.json', `{"name": ${deep(200_000)}}`, /nests more than 64 levels deep at line 1, column 73/);
  rejects('deep-open.json', '['.repeat(200_000), /nests more than 64 levels deep/);
  rejects('deep-objects.json', '{"a":'.repeat(100_000), /nests more than 64 levels deep/);
  rejects('just-over.json', `{"description": ${deep(MAX_NESTING)}}`, /nests more than 64 levels/);
  // At the limit it parses, and the schema names the field instead.
  const withDeep = (n: number) => JSON.stringify({ ...JSON.parse(shipped), description: '@@' }).replace('"@@"', deep(n));
  rejects('at-limit.json', withDeep(MAX_NESTING - 1), /field description must be a string/);
  rejects('over-limit.json', withDeep(MAX_NESTING), /nests more than 64 levels/);
  // Brackets inside strings are text, not nesting.
  const doc = JSON.parse(shipped);
  doc.description = '['.repeat(10_000);
  writeFileSync(join(dir, 'brackets-in-text.json'), JSON.stringify(doc));
  assert.equal(loadSpace(join(dir, 'brackets-in-text.json')).description, '['.repeat(10_000));
});

test('empty, blank and non-object files', () => {
  rejects('empty.json', '', /is empty/);
  rejects('blank.json', ' \n\t\n', /is empty/);
  rejects('array.json', '[]', /must be an object/);
  rejects('number.json', '42', /must be an object/);
  rejects('null.json', 'null', /must be an object/);
  rejects('string.json', '"space"', /must be an object/);
});
