/**
 * Known datasets: where their files live, how to read them, and their normalisation
 * statistics. `loadDataset` decodes once per process (each worker thread loads once).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SpinError, UsageError } from '../errors.js';
import { concatImages, readCifarBatch, type LabelledImages } from './cifar.js';
import { readIdx } from './idx.js';
import { DATASET_FACTS } from './catalog.js';
import { PREPARED_FILE, readPrepared, readPreparedManifest } from './own/prepared.js';

export interface Dataset {
  name: string;
  dir: string;
  /** [height, width, channels] */
  inputShape: [number, number, number];
  classes: number;
  /** Per-channel mean and standard deviation of pixels scaled to [0, 1]. */
  mean: number[];
  std: number[];
  train: LabelledImages;
  test: LabelledImages;
  /** Your own data: the content hash of its source files (src/data/own/). */
  hash?: string;
}

/** A folder of own data decoded by spin-nas (it holds dataset.json). */
export function isPrepared(dir: string): boolean {
  return existsSync(join(dir, PREPARED_FILE));
}

interface DatasetInfo {
  inputShape: [number, number, number];
  classes: number;
  mean: number[];
  std: number[];
  defaultDir?: string;
  install?: string;
  files: { train: string[]; test: string[] };
  read(dir: string): { train: LabelledImages; test: LabelledImages };
}

function mnistFamily(name: string, mean: number, std: number, defaultDir?: string, install?: string): DatasetInfo {
  const files = {
    train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
    test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
  };
  const { inputShape, classes } = DATASET_FACTS[name]!;
  return {
    inputShape,
    classes,
    mean: [mean],
    std: [std],
    ...(defaultDir === undefined ? {} : { defaultDir }),
    ...(install === undefined ? {} : { install }),
    files,
    read: (dir) => ({
      train: readIdxPair(dir, files.train[0]!, files.train[1]!, 10),
      test: readIdxPair(dir, files.test[0]!, files.test[1]!, 10),
    }),
  };
}

const CIFAR_TRAIN = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);

export const DATASETS: Record<string, DatasetInfo> = {
  'fashion-mnist': mnistFamily(
    'fashion-mnist',
    0.286,
    0.353,
    '/usr/share/datasets/fashion-mnist',
    'apt-get install -y dataset-fashion-mnist',
  ),
  mnist: mnistFamily('mnist', 0.1307, 0.3081),
  cifar10: {
    inputShape: DATASET_FACTS.cifar10!.inputShape,
    classes: DATASET_FACTS.cifar10!.classes,
    mean: [0.4914, 0.4822, 0.4465],
    std: [0.247, 0.2435, 0.2616],
    files: { train: CIFAR_TRAIN, test: ['test_batch.bin'] },
    read: (dir) => ({
      train: concatImages(CIFAR_TRAIN.map((f) => readCifarBatch(locate(dir, f)))),
      test: readCifarBatch(locate(dir, 'test_batch.bin')),
    }),
  },
};

/** Default directory of a dataset, or undefined when it has none (a --data-dir is needed). */
export function defaultDataDir(name: string): string | undefined {
  return DATASETS[name]?.defaultDir;
}

/** Finds `file` or `file.gz` in `dir`. */
function locate(dir: string, file: string): string {
  for (const candidate of [join(dir, file), join(dir, `${file}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return join(dir, file);
}

function readIdxPair(dir: string, imagesFile: string, labelsFile: string, classes: number): LabelledImages {
  const imagesPath = locate(dir, imagesFile);
  const labelsPath = locate(dir, labelsFile);
  const images = readIdx(imagesPath);
  const labels = readIdx(labelsPath);
  if (images.dims.length !== 3) {
    throw new SpinError(`${imagesPath}: expected a rank-3 IDX array (count x rows x cols), got dimensions ${images.dims.join('x')}`);
  }
  if (labels.dims.length !== 1) {
    throw new SpinError(`${labelsPath}: expected a rank-1 IDX array of labels, got dimensions ${labels.dims.join('x')}`);
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new SpinError(
      `${labelsPath}: ${labels.dims[0]} labels but ${imagesPath} holds ${images.dims[0]} images`,
    );
  }
  const bad = labels.data.findIndex((l) => l >= classes);
  if (bad >= 0) throw new SpinError(`${labelsPath}: label ${labels.data[bad]} at index ${bad} is out of range 0..${classes - 1}`);
  return { images: images.data, labels: labels.data, count: labels.dims[0]! };
}

const cache = new Map<string, Dataset>();

/**
 * Checks that a dataset's files are present (without reading them) and returns the folder
 * they are in: `dir`, or the dataset's system location when `dir` is empty. A missing file
 * is a UsageError saying how to install the data or to pass --data-dir. A search calls this
 * before it starts, so a missing dataset stops it at once instead of failing every trial.
 */
export function checkDataset(name: string, dir?: string): string {
  // Your own data, decoded by the search (src/data/own/): any name.
  if (dir && isPrepared(dir)) {
    readPreparedManifest(dir);
    return dir;
  }
  const info = DATASETS[name];
  if (info === undefined) {
    throw new UsageError(`unknown dataset "${name}"; known datasets: ${Object.keys(DATASETS).join(', ')}`);
  }
  const where = dir || info.defaultDir;
  if (where === undefined) {
    throw new UsageError(`dataset ${name} has no default location; pass --data-dir with the directory holding its files`);
  }
  const missing = [...info.files.train, ...info.files.test].filter(
    (f) => !existsSync(join(where, f)) && !existsSync(join(where, `${f}.gz`)),
  );
  if (missing.length > 0) {
    const fix = info.install !== undefined
      ? `install it with \`${info.install}\` (into ${info.defaultDir}) or pass --data-dir with the directory holding the files`
      : 'pass --data-dir with the directory holding the files';
    throw new UsageError(`dataset ${name} not found in ${where}: missing ${missing.join(', ')}; ${fix}`);
  }
  return where;
}

/**
 * Loads a dataset by name from `dir` (default: the dataset's system location). Missing
 * files give an error saying how to install them or to pass --data-dir.
 */
export function loadDataset(name: string, dir?: string, hash?: string): Dataset {
  // Every trial asks; a worker reads its data once, so the cache comes before the file checks.
  const cached = cache.get(`${name}\u0000${dir || DATASETS[name]?.defaultDir}`);
  if (cached && (hash === undefined || cached.hash === hash)) return cached;
  if (dir && isPrepared(dir)) {
    const { manifest, train, test } = readPrepared(dir, hash);
    const { inputShape, classes, mean, std } = manifest;
    const dataset: Dataset = { name, dir, inputShape, classes, mean, std, train, test, hash: manifest.hash };
    cache.set(`${name}\u0000${dir}`, dataset);
    return dataset;
  }
  const where = checkDataset(name, dir);
  const info = DATASETS[name] as DatasetInfo;
  const key = `${name}\u0000${where}`;
  const { train, test } = info.read(where);
  const dataset: Dataset = {
    name,
    dir: where,
    inputShape: info.inputShape,
    classes: info.classes,
    mean: info.mean,
    std: info.std,
    train,
    test,
  };
  const [h, w, c] = info.inputShape;
  for (const [split, part] of [['training', train], ['test', test]] as const) {
    if (part.images.length !== part.count * h * w * c) {
      throw new SpinError(`dataset ${name} in ${where}: ${split} images are not ${h}x${w}x${c}`);
    }
  }
  cache.set(key, dataset);
  return dataset;
}

/** Forgets decoded datasets (tests). */
export function clearDatasetCache(): void {
  cache.clear();
}
