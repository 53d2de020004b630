import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCifarBatch, CIFAR_RECORD } from '../../src/data/index.js';
import { SpinError } from '../../src/errors.js';
import { encodeCifar, syntheticImages } from '../fixtures/data/synthetic.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();

test('reads CIFAR-10 records into height x width x channel order', () => {
  const { images, labels } = syntheticImages(3, 32, 3);
  const file = join(dir, 'data_batch_1.bin');
  writeFileSync(file, encodeCifar(images, labels));
  const batch = readCifarBatch(file);
  assert.equal(batch.count, 3);
  assert.deepEqual(Array.from(batch.labels), [0, 1, 2]);
  assert.deepEqual(Array.from(batch.images), Array.from(images));
});

test('the channel planes of a record map to interleaved pixels', () => {
  const record = Buffer.alloc(CIFAR_RECORD);
  record[0] = 4;
  record[1] = 10; // red of pixel 0
  record[1 + 1024] = 20; // green of pixel 0
  record[1 + 2048 + 1] = 30; // blue of pixel 1
  const file = join(dir, 'one.bin');
  writeFileSync(file, record);
  const batch = readCifarBatch(file);
  assert.deepEqual(Array.from(batch.images.subarray(0, 6)), [10, 20, 0, 0, 0, 30]);
  assert.equal(batch.labels[0], 4);
});

test('a truncated CIFAR batch is an error naming the file and the record size', () => {
  const file = join(dir, 'short.bin');
  writeFileSync(file, Buffer.alloc(CIFAR_RECORD + 100));
  assert.throws(() => readCifarBatch(file), (e: unknown) => e instanceof SpinError && e.message.includes(file) && /3073-byte records/.test(e.message));
});

test('a label outside 0..9 is rejected', () => {
  const file = join(dir, 'label.bin');
  const record = Buffer.alloc(CIFAR_RECORD);
  record[0] = 12;
  writeFileSync(file, record);
  assert.throws(() => readCifarBatch(file), /record 0 has label 12/);
});
