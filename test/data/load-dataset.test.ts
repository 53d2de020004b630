import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { clearDatasetCache, loadDataset, normaliseBatch, splitTraining } from '../../src/data/index.js';
import { UsageError } from '../../src/errors.js';
import { writeCifarLike, writeMnistLike } from '../fixtures/data/synthetic.js';
import { tempDir } from '../helpers.js';

const root = tempDir();
const mnist = writeMnistLike(join(root, 'fmnist'), { train: 60, test: 20 });
const raw = writeMnistLike(join(root, 'raw'), { train: 30, test: 10, raw: true });

test('loads a Fashion-MNIST directory of gzipped IDX files', () => {
  const ds = loadDataset('fashion-mnist', mnist);
  assert.equal(ds.train.count, 60);
  assert.equal(ds.test.count, 20);
  assert.deepEqual(ds.inputShape, [28, 28, 1]);
  assert.equal(ds.train.images.length, 60 * 784);
});

test('loads uncompressed IDX files too', () => {
  assert.equal(loadDataset('mnist', raw).train.count, 30);
});

test('decoded datasets are cached per process', () => {
  assert.equal(loadDataset('fashion-mnist', mnist), loadDataset('fashion-mnist', mnist));
  clearDatasetCache();
  assert.notEqual(loadDataset('fashion-mnist', mnist).train, undefined);
});

test('loads CIFAR-10 from its five training batches and the test batch', () => {
  const dir = writeCifarLike(join(root, 'cifar'), 4);
  const ds = loadDataset('cifar10', dir);
  assert.equal(ds.train.count, 20);
  assert.equal(ds.test.count, 4);
  assert.deepEqual(ds.inputShape, [32, 32, 3]);
});

test('missing Fashion-MNIST says how to install it or to pass --data-dir', () => {
  assert.throws(
    () => loadDataset('fashion-mnist', join(root, 'empty')),
    (e: unknown) => e instanceof UsageError && e.message.includes('apt-get install -y dataset-fashion-mnist') &&
      e.message.includes('--data-dir') && e.message.includes('train-images-idx3-ubyte'),
  );
});

test('an unknown dataset name lists the known ones', () => {
  assert.throws(() => loadDataset('imagenet', root), /unknown dataset "imagenet".*fashion-mnist/);
});

test('the validation split is seeded, disjoint from the training subset, and the subset has the requested size', () => {
  const a = splitTraining(100, { validationSize: 20, trainSubset: 30, splitSeed: 5, subsetSeed: 5 });
  const b = splitTraining(100, { validationSize: 20, trainSubset: 30, splitSeed: 5, subsetSeed: 5 });
  const c = splitTraining(100, { validationSize: 20, trainSubset: 30, splitSeed: 6, subsetSeed: 6 });
  assert.deepEqual(Array.from(a.validation), Array.from(b.validation));
  assert.notDeepEqual(Array.from(a.validation), Array.from(c.validation));
  assert.equal(a.train.length, 30);
  const val = new Set(a.validation);
  assert.ok(Array.from(a.train).every((i) => !val.has(i)));
});

test('a validation set as large as the training set is a usage error', () => {
  assert.throws(() => splitTraining(10, { validationSize: 10, trainSubset: 5, splitSeed: 0 }), UsageError);
});

test('normalisation scales to [0, 1] then applies the dataset mean and std', () => {
  const ds = loadDataset('fashion-mnist', mnist);
  const { x, y } = normaliseBatch(ds, ds.train, [3]);
  const pixel = ds.train.images[3 * 784]!;
  assert.ok(Math.abs(x[0]! - (pixel / 255 - 0.286) / 0.353) < 1e-5);
  assert.equal(y[0], 3);
});
