import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encodeIdx, readIdx } from '../../src/data/index.js';
import { SpinError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();
const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);

test('reads a raw IDX file with its dimensions and bytes', () => {
  const file = join(dir, 'raw-idx3-ubyte');
  writeFileSync(file, encodeIdx([2, 3, 4], data));
  const idx = readIdx(file);
  assert.deepEqual(idx.dims, [2, 3, 4]);
  assert.deepEqual(Array.from(idx.data), Array.from(data));
});

test('reads a gzipped IDX file directly', () => {
  const file = join(dir, 'zipped-idx3-ubyte.gz');
  writeFileSync(file, gzipSync(encodeIdx([2, 3, 4], data)));
  const idx = readIdx(file);
  assert.deepEqual(idx.dims, [2, 3, 4]);
  assert.equal(idx.data[23], 23);
});

test('a bad magic number is an error naming the file', () => {
  const file = join(dir, 'bad-magic');
  const bytes = encodeIdx([2, 3, 4], data);
  bytes[0] = 7;
  writeFileSync(file, bytes);
  assert.throws(() => readIdx(file), (e: unknown) => e instanceof SpinError && e.message.includes(file) && /magic/.test(e.message));
});

test('a truncated IDX file is an error saying how many bytes are missing', () => {
  const file = join(dir, 'truncated');
  writeFileSync(file, encodeIdx([2, 3, 4], data).subarray(0, 20));
  assert.throws(() => readIdx(file), (e: unknown) => e instanceof SpinError && e.message.includes(file) && /truncated data.*24 bytes, found 4/.test(e.message));
});

test('a truncated gzip stream is an error naming the file', () => {
  const file = join(dir, 'truncated.gz');
  const zipped = gzipSync(encodeIdx([2, 3, 4], data));
  writeFileSync(file, zipped.subarray(0, zipped.length - 12));
  assert.throws(() => readIdx(file), (e: unknown) => e instanceof SpinError && e.message.includes(file) && /gzip/.test(e.message));
});

test('an unsupported element type is rejected', () => {
  const file = join(dir, 'floats');
  const bytes = encodeIdx([2, 3, 4], data);
  bytes[2] = 0x0d;
  writeFileSync(file, bytes);
  assert.throws(() => readIdx(file), /element type 0xd is not supported/);
});

test('a missing file is an error naming it', () => {
  assert.throws(() => readIdx(join(dir, 'nope')), (e: unknown) => e instanceof SpinError && e.message.includes('nope'));
});
