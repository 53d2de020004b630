/**
 * Your own data, decoded once: the files a space's dataset.source names are hashed (their
 * bytes and the settings that shape the decoded arrays), and decoded into
 * `<data>/.spin-nas-cache/<hash>/` (IDX arrays plus dataset.json with the shape, classes and
 * the normalisation statistics of the training split). Trials, worker threads and later runs
 * read that folder; the same content gives the same folder, so nothing is decoded twice.
 * Every problem is a DataError (exit 2) found before anything is written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputFileError, SpinError } from '../../errors.js';
import type { DatasetSource, SearchSpace } from '../../space/types.js';
import { makeRng, shuffleInPlace } from '../../util/random.js';
import type { LabelledImages } from '../cifar.js';
import { encodeIdx, readIdx } from '../idx.js';
import { imagesOf, labelled, labelsOf, type AnyArray } from './arrays.js';
import { listImageFolder, readImageFolder } from './folder.js';
import { parseNpy, parseNpz } from './npy.js';
import { dataError } from './problem.js';
import { PREPARED_FILE, PREPARED_FORMAT, writePreparedManifest, type PreparedManifest } from './prepared.js';

/** Bumped when the decoding changes, so older caches are not reused. */
const DECODER_VERSION = 1;
export const DEFAULT_TEST_FRACTION = 0.1;
export const CACHE_FOLDER = '.spin-nas-cache';
/** Labels are stored as bytes (IDX unsigned bytes, as the built-in datasets'). */
export const MAX_OWN_CLASSES = 256;

export interface PreparedDataset extends PreparedManifest {
  /** The folder holding the decoded arrays (pass it as the data dir). */
  dir: string;
  /** True when this call decoded the data; false when the cache had it. */
  decoded: boolean;
}

interface Plan {
  source: DatasetSource;
  /** Folder the cache goes in (beside the data). */
  root: string;
  /** Every input file, for the hash. */
  files: string[];
  decode(): { train: LabelledImages; test: LabelledImages | null; classNames?: string[] };
}

/**
 * Decodes (or finds in the cache) the data of a space with dataset.source. `check` sees the
 * facts before anything is written (the search checks its budgets against them).
 */
export function prepareOwnDataset(space: SearchSpace, check?: (facts: PreparedManifest) => void): PreparedDataset {
  const source = space.dataset.source;
  if (source === undefined) throw new SpinError(`prepareOwnDataset: ${space.file} has no dataset.source`);
  if (space.dataset.classes > MAX_OWN_CLASSES) {
    throw new InputFileError(space.file, 'dataset.classes', space.dataset.classes, `own data holds at most ${MAX_OWN_CLASSES} classes (labels are stored as bytes)`, 'is too many for own data');
  }
  const plan = planOf(space, source);
  const hash = contentHash(space, plan);
  const dir = join(plan.root, CACHE_FOLDER, hash.slice(0, 24));
  const cached = readCached(dir, hash);
  if (cached) {
    check?.(cached);
    return { ...cached, dir, decoded: false };
  }
  const { train: all, test: given, classNames } = plan.decode();
  const classes = space.dataset.classes;
  const present = new Set(all.labels).size;
  if (present < 2) throw dataError(plan.files[0]!, `the training labels hold ${present} class only`, 'a classifier needs images of at least two classes');
  const { train, test } = given ? { train: all, test: given } : holdOut(all, source.testFraction ?? DEFAULT_TEST_FRACTION, classes, plan.files[0]!);
  const manifest: PreparedManifest = {
    format: PREPARED_FORMAT,
    name: space.dataset.name,
    hash,
    inputShape: space.dataset.inputShape,
    classes,
    ...(classNames ? { classNames } : {}),
    trainImages: train.count,
    testImages: test.count,
    ...channelStats(train, space.dataset.inputShape[2]),
    source: { format: source.format, files: plan.files.length },
  };
  check?.(manifest);
  writeCache(dir, manifest, train, test);
  return { ...manifest, dir, decoded: true };
}

/**
 * The prepared (decoded) copy of a space's own data, when the cache beside the data holds it:
 * what an export reads to record the statistics the model was trained with. Decodes nothing
 * and writes nothing; null where the data or its cache is gone (or the space has no source).
 */
export function cachedOwnDataset(space: SearchSpace): PreparedManifest | null {
  const source = space.dataset.source;
  if (source === undefined) return null;
  try {
    const plan = planOf(space, source);
    const hash = contentHash(space, plan);
    return readCached(join(plan.root, CACHE_FOLDER, hash.slice(0, 24)), hash);
  } catch {
    return null;
  }
}

function planOf(space: SearchSpace, source: DatasetSource): Plan {
  // A space given as an object (no file) resolves paths against the working folder.
  const base = existsSync(space.file) ? dirname(resolve(space.file)) : process.cwd();
  const path = (field: keyof DatasetSource, what: string): string => {
    const value = source[field];
    if (typeof value !== 'string') {
      throw new InputFileError(space.file, `dataset.source.${field}`, value, `give ${what} (a path relative to the space file)`, `is needed for format "${source.format}"`);
    }
    return isAbsolute(value) ? value : resolve(base, value);
  };
  const optionalPair = (a: 'testImages', b: 'testLabels'): [string, string] | null => {
    if (source[a] === undefined && source[b] === undefined) return null;
    return [path(a, 'the test images'), path(b, 'the test labels')];
  };
  const shape = space.dataset.inputShape;
  const classes = space.dataset.classes;
  switch (source.format) {
    case 'image-folder': {
      const train = listImageFolder(path('train', 'the folder with one sub-folder of images per class'), 'dataset.source.train', classes);
      const testRoot = source.test === undefined ? null : path('test', 'the test folder');
      const test = testRoot === null ? null : listImageFolder(testRoot, 'dataset.source.test', classes);
      if (test && test.classNames.join('\n') !== train.classNames.join('\n')) {
        throw dataError(testRoot!, `has class folders ${test.classNames.join(', ')}, but the training folder has ${train.classNames.join(', ')}`, 'give the test folder the same class sub-folders');
      }
      const resize = source.resize ?? 'bilinear';
      return {
        source,
        root: dirname(train.root),
        files: [...train.files.flat(), ...(test?.files.flat() ?? [])],
        decode: () => ({ train: readImageFolder(train, shape, resize), test: test ? readImageFolder(test, shape, resize) : null, classNames: train.classNames }),
      };
    }
    case 'npy':
    case 'idx': {
      const trainPair: [string, string] = [path('trainImages', 'the training images'), path('trainLabels', 'the training labels')];
      const testPair = optionalPair('testImages', 'testLabels');
      const read = source.format === 'npy' ? readNpyFile : readIdxFile;
      const pair = ([images, labels]: [string, string]): LabelledImages => {
        const x = imagesOf(read(images), images, shape);
        return labelled(x, labelsOf(read(labels), labels, classes, x.count, images));
      };
      return {
        source,
        root: dirname(trainPair[0]),
        files: [...trainPair, ...(testPair ?? [])],
        decode: () => ({ train: pair(trainPair), test: testPair ? pair(testPair) : null }),
      };
    }
    case 'npz': {
      const file = path('file', 'the .npz archive');
      const keys = { trainImages: 'x_train', trainLabels: 'y_train', testImages: 'x_test', testLabels: 'y_test', ...source.keys };
      return {
        source,
        root: dirname(file),
        files: [file],
        decode: () => {
          const arrays = parseNpz(readBytes(file), file);
          const get = (key: string, required: boolean): AnyArray | null => {
            const bytes = arrays.get(key);
            if (bytes === undefined && required) {
              throw dataError(file, `holds no array ${key} (it holds ${[...arrays.keys()].join(', ') || 'no arrays'})`, 'save it with numpy.savez(file, x_train=..., y_train=...) or name the arrays in dataset.source.keys');
            }
            return bytes === undefined ? null : parseNpy(bytes, `${file}:${key}`);
          };
          const pair = (xKey: string, yKey: string, required: boolean): LabelledImages | null => {
            const x = get(xKey, required);
            const y = get(yKey, required || x !== null);
            if (x === null || y === null) return null;
            const images = imagesOf(x, `${file}:${xKey}`, shape);
            return labelled(images, labelsOf(y, `${file}:${yKey}`, classes, images.count, `${file}:${xKey}`));
          };
          return { train: pair(keys.trainImages, keys.trainLabels, true)!, test: pair(keys.testImages, keys.testLabels, false) };
        },
      };
    }
  }
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw dataError(file, `cannot be read (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`, 'check the path in dataset.source (relative to the space file)');
  }
}

function readNpyFile(file: string): AnyArray {
  return parseNpy(readBytes(file), file);
}

function readIdxFile(file: string): AnyArray {
  readBytes(file); // a missing file gets the same message as for .npy
  try {
    const idx = readIdx(file);
    return { dtype: 'uint8', shape: idx.dims, data: idx.data };
  } catch (error) {
    if (!(error instanceof SpinError)) throw error;
    throw dataError(file, error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message, 'give an IDX file of unsigned bytes (as MNIST\'s, .gz allowed)');
  }
}

/** SHA-256 of the settings that shape the decoded arrays and of every input file (name relative to the data, bytes). */
function contentHash(space: SearchSpace, plan: Plan): string {
  const hash = createHash('sha256');
  const { source } = plan;
  hash.update(JSON.stringify({
    decoder: DECODER_VERSION,
    inputShape: space.dataset.inputShape,
    classes: space.dataset.classes,
    format: source.format,
    resize: source.resize ?? 'bilinear',
    testFraction: source.testFraction ?? DEFAULT_TEST_FRACTION,
    keys: source.keys ?? null,
    test: source.test !== undefined || source.testImages !== undefined,
  }));
  for (const file of plan.files) {
    const bytes = readBytes(file);
    hash.update(`\0${relative(plan.root, file)}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

function readCached(dir: string, hash: string): PreparedManifest | null {
  const file = join(dir, PREPARED_FILE);
  if (!existsSync(file)) return null;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as PreparedManifest;
    return manifest.format === PREPARED_FORMAT && manifest.hash === hash ? manifest : null;
  } catch {
    return null; // a damaged cache is decoded again
  }
}

/** A seeded draw of `fraction` of each class as the test set (at least one image of each class with two or more). */
function holdOut(all: LabelledImages, fraction: number, classes: number, file: string): { train: LabelledImages; test: LabelledImages } {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < all.count; i++) byClass[all.labels[i]!]!.push(i);
  const rng = makeRng('own-data-test-split');
  const test: number[] = [];
  const train: number[] = [];
  for (const indices of byClass) {
    const order = Int32Array.from(indices);
    shuffleInPlace(order, rng);
    const n = indices.length < 2 ? 0 : Math.max(1, Math.round(indices.length * fraction));
    test.push(...order.slice(0, n));
    train.push(...order.slice(n));
  }
  if (test.length === 0) throw dataError(file, 'has too few images to hold out a test set', 'add images, or give a separate test set');
  const pick = (indices: number[]): LabelledImages => {
    indices.sort((a, b) => a - b);
    const size = all.images.length / all.count;
    const images = new Uint8Array(indices.length * size);
    const labels = new Uint8Array(indices.length);
    indices.forEach((i, k) => {
      images.set(all.images.subarray(i * size, (i + 1) * size), k * size);
      labels[k] = all.labels[i]!;
    });
    return { images, labels, count: indices.length };
  };
  return { train: pick(train), test: pick(test) };
}

/** Per-channel mean and standard deviation of the training pixels scaled to [0, 1]. */
function channelStats(train: LabelledImages, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels);
  const squares = new Float64Array(channels);
  for (let i = 0; i < train.images.length; i++) {
    const v = train.images[i]! / 255;
    sum[i % channels]! += v;
    squares[i % channels]! += v * v;
  }
  const n = train.images.length / channels;
  const mean = [...sum].map((s) => s / n);
  const std = [...squares].map((s, c) => Math.sqrt(Math.max(0, s / n - mean[c]! ** 2)) || 1);
  return { mean: mean.map(round6), std: std.map(round6) };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Written beside as <dir>.tmp-<pid> and renamed, so a reader never sees half a cache. */
function writeCache(dir: string, manifest: PreparedManifest, train: LabelledImages, test: LabelledImages): void {
  const [h, w, c] = manifest.inputShape;
  const temporary = `${dir}.tmp-${process.pid}`;
  try {
    mkdirSync(temporary, { recursive: true });
    writeFileSync(join(temporary, 'train-images.idx'), encodeIdx([train.count, h, w, c], train.images));
    writeFileSync(join(temporary, 'train-labels.idx'), encodeIdx([train.count], train.labels));
    writeFileSync(join(temporary, 'test-images.idx'), encodeIdx([test.count, h, w, c], test.images));
    writeFileSync(join(temporary, 'test-labels.idx'), encodeIdx([test.count], test.labels));
    writePreparedManifest(temporary, manifest);
    if (existsSync(dir) && statSync(dir).isDirectory()) rmSync(dir, { recursive: true, force: true });
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw dataError(dirname(dir), `cannot hold the decoded data (${(error as Error).message})`, 'make the folder beside your data writable');
  }
}
