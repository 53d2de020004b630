import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { clearDatasetCache, encodeIdx, loadDataset, prepareOwnDataset } from '../../src/data/index.js';
import { decodeImage, ownDataProblem, parseNpy, toInputShape } from '../../src/data/own/index.js';
import { loadSpace } from '../../src/space/index.js';
import { tempDir } from '../helpers.js';
import { images, npy, npz, png, write, writeSpace } from './own-data-helpers.js';

test('an .npy pair decodes to the space shape, holds out a test fraction per class, and trainers load it', () => {
  const dir = tempDir();
  const { x, y } = images(40, 2);
  write(join(dir, 'x.npy'), npy('|u1', [40, 28, 28], x));
  write(join(dir, 'y.npy'), npy('<i8', [40], y));
  const space = loadSpace(writeSpace(join(dir, 'space.json'), { source: { format: 'npy', trainImages: 'x.npy', trainLabels: 'y.npy', testFraction: 0.25 } }));
  const prepared = prepareOwnDataset(space);
  assert.equal(prepared.decoded, true);
  assert.equal(prepared.testImages, 10, '5 of each class of 20');
  assert.equal(prepared.trainImages, 30);
  assert.ok(prepared.dir.startsWith(join(dir, '.spin-nas-cache')), prepared.dir);
  // Statistics from the training split: pixels are label*60 + (0..6); both classes equally often.
  assert.ok(Math.abs(prepared.mean[0]! - (30 + 3) / 255) < 0.01, String(prepared.mean[0]));
  clearDatasetCache();
  const dataset = loadDataset('own', prepared.dir, prepared.hash);
  assert.equal(dataset.train.count, 30);
  assert.deepEqual([...new Set(dataset.test.labels)].sort(), [0, 1]);
  assert.deepEqual(dataset.mean, prepared.mean);
  clearDatasetCache();
  assert.throws(() => loadDataset('own', prepared.dir, 'f'.repeat(64)), /holds data with hash .* but the search uses ffffffffffff; give this machine the same data/);
  // A distributed worker's --data-dir is checked the same way before it takes the run's jobs.
  assert.equal(ownDataProblem(prepared.dir, prepared.hash), null);
  assert.match(ownDataProblem(prepared.dir, 'f'.repeat(64))!, /holds data with hash \w{12}, the run uses ffffffffffff; copy the search's decoded folder here/);
  assert.match(ownDataProblem(dir, prepared.hash)!, /the run uses its own data .*start the worker with --data-dir set to a copy of the search's decoded folder/);
});

test('the decoded data is cached by content: the same files are not decoded again, changed ones are', () => {
  const dir = tempDir();
  const { x, y } = images(40, 2);
  write(join(dir, 'x.npy'), npy('|u1', [40, 28, 28], x));
  write(join(dir, 'y.npy'), npy('<i8', [40], y));
  const space = loadSpace(writeSpace(join(dir, 'space.json'), { source: { format: 'npy', trainImages: 'x.npy', trainLabels: 'y.npy' } }));
  const first = prepareOwnDataset(space);
  const second = prepareOwnDataset(space);
  assert.equal(second.decoded, false);
  assert.equal(second.dir, first.dir);
  x[0] = 255;
  write(join(dir, 'x.npy'), npy('|u1', [40, 28, 28], x));
  const third = prepareOwnDataset(space);
  assert.equal(third.decoded, true);
  assert.notEqual(third.hash, first.hash);
});

test('float32 images in 0..1 become bytes; an .npz with a test set and IDX files under any path read the same', () => {
  const dir = tempDir();
  const { x, y } = images(40, 2);
  const f = Float32Array.from(x, (v) => v / 255);
  write(join(dir, 'data.npz'), npz({ x_train: npy('<f4', [40, 28, 28, 1], f), y_train: npy('<i8', [40], y), x_test: npy('|u1', [40, 28, 28], x), y_test: npy('<i8', [40], y) }));
  const fromNpz = prepareOwnDataset(loadSpace(writeSpace(join(dir, 'a.json'), { source: { format: 'npz', file: 'data.npz' } })));
  assert.equal(fromNpz.trainImages, 40);
  assert.equal(fromNpz.testImages, 40, 'the archive\'s own test set');
  write(join(dir, 'idx', 'my-images'), encodeIdx([40, 28, 28], x));
  write(join(dir, 'idx', 'my-labels'), encodeIdx([40], Uint8Array.from(y, Number)));
  const fromIdx = prepareOwnDataset(loadSpace(writeSpace(join(dir, 'b.json'), { source: { format: 'idx', trainImages: 'idx/my-images', trainLabels: 'idx/my-labels' } })));
  clearDatasetCache();
  const a = loadDataset('own', fromNpz.dir);
  const b = loadDataset('own-idx', fromIdx.dir);
  assert.equal(b.train.count + b.test.count, 40);
  assert.deepEqual([...a.train.images.subarray(0, 784)], [...x.subarray(0, 784)], 'float32 v/255 round-trips to the bytes');
});

test('an image folder: labels from sorted class folders, PNG and JPEG, resized and converted by the stated policy', () => {
  const dir = tempDir();
  for (let i = 0; i < 12; i++) {
    write(join(dir, 'train', 'b-red', `${i}.png`), png(10, 10, [255, 0, 0, 255]));
    write(join(dir, 'train', 'a-grey', `${i}.png`), png(56, 56, [100, 100, 100, 255]));
  }
  write(join(dir, 'train', 'a-grey', 'photo.jpg'), jpeg.encode({ data: new Uint8Array(Array.from({ length: 16 * 16 }, () => [100, 100, 100, 255]).flat()), width: 16, height: 16 }, 95).data);
  const prepared = prepareOwnDataset(loadSpace(writeSpace(join(dir, 's.json'), { source: { format: 'image-folder', train: 'train', testFraction: 0.25 } }, { trainSubset: 10, validationSize: 4, rungs: [{ trainSubset: 5 }, { trainSubset: 10 }] })));
  assert.deepEqual(prepared.classNames, ['a-grey', 'b-red']);
  assert.equal(prepared.testImages, 6);
  clearDatasetCache();
  const data = loadDataset('own', prepared.dir);
  const red = data.train.labels.indexOf(1);
  // Grey: luminance 0.299 R + 0.587 G + 0.114 B of pure red is 76; the 10x10 image is stretched to 28x28.
  assert.equal(data.train.images[red * 784 + 400], 76);
  assert.equal(data.train.images[data.train.labels.indexOf(0) * 784], 100);
  // Every grey image, the JPEG among them (lossy: within 2), reads as 100.
  for (const part of [data.train, data.test]) {
    part.labels.forEach((label, i) => {
      if (label === 0) assert.ok(Math.abs(part.images[i * 784 + 100]! - 100) <= 2, String(part.images[i * 784 + 100]));
    });
  }
  assert.equal(data.train.count + data.test.count, 25, '12 + 12 PNGs and the JPEG');
});

test('resize and channel policy on one image: bilinear stretches, nearest picks, RGB keeps colours and drops alpha', () => {
  const image = decodeImage(png(2, 1, [0, 0, 0, 0]), 'x.png');
  image.data.set([200, 100, 0, 10], 4); // right pixel
  assert.deepEqual([...toInputShape(image, [1, 4, 3], 'nearest', 'x.png')], [0, 0, 0, 0, 0, 0, 200, 100, 0, 200, 100, 0]);
  assert.deepEqual([...toInputShape(image, [1, 4, 1], 'bilinear', 'x.png')], [0, 30, 89, 119], 'half-pixel centres: 0, 1/4, 3/4 and 1 of the luminance 118.5');
  assert.throws(() => toInputShape(image, [1, 4, 1], 'none', 'x.png'), /x\.png: is 2x1 pixels, not the 4x1 of dataset.inputShape, and dataset.source.resize is "none"; resize the images/);
});

test('a .npy header is read strictly: dtype, order and size', () => {
  assert.throws(() => parseNpy(new Uint8Array(20), 'a.npy'), /a\.npy: is not a NumPy \.npy array/);
  const good = npy('<f8', [2], Float64Array.of(1, 2));
  assert.deepEqual([...(parseNpy(good, 'b.npy').data as Float64Array)], [1, 2]);
  assert.throws(() => parseNpy(good.subarray(0, good.length - 1), 'c.npy'), /c\.npy: holds 15 bytes of data, but shape \(2\) of float64 needs 16/);
});
