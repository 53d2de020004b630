/**
 * A prepared (decoded) dataset folder: dataset.json and four IDX arrays. What trainers load
 * for a space with dataset.source; they check its hash against the search's, so every
 * trainer (threads here, or workers on other machines) trains on the same data.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpinError, UsageError } from '../../errors.js';
import type { LabelledImages } from '../cifar.js';
import { readIdx } from '../idx.js';

export const PREPARED_FILE = 'dataset.json';
export const PREPARED_FORMAT = 'spin-nas-prepared-dataset/1';

export interface PreparedManifest {
  format: typeof PREPARED_FORMAT;
  name: string;
  /** SHA-256 of the source files and the settings that shaped the arrays. */
  hash: string;
  inputShape: [number, number, number];
  classes: number;
  /** Image folders: the class folder of each label. */
  classNames?: string[];
  trainImages: number;
  testImages: number;
  /** Per-channel statistics of the training split's pixels scaled to [0, 1]. */
  mean: number[];
  std: number[];
  source: { format: string; files: number };
}

export function writePreparedManifest(dir: string, manifest: PreparedManifest): void {
  writeFileSync(join(dir, PREPARED_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readPreparedManifest(dir: string): PreparedManifest {
  const file = join(dir, PREPARED_FILE);
  let manifest: PreparedManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as PreparedManifest;
  } catch (error) {
    throw new UsageError(`${file}: cannot be read (${(error as Error).message}); delete the folder ${dir} and run again: the data is decoded afresh`);
  }
  const format: unknown = manifest.format;
  if (format !== PREPARED_FORMAT) {
    throw new UsageError(`${file}: format ${JSON.stringify(format)} is not ${PREPARED_FORMAT}; delete the folder ${dir} and run again`);
  }
  return manifest;
}

/** Reads a prepared folder; `hash` (the search's) must match when given. */
export function readPrepared(dir: string, hash?: string): { manifest: PreparedManifest; train: LabelledImages; test: LabelledImages } {
  const manifest = readPreparedManifest(dir);
  if (hash !== undefined && manifest.hash !== hash) {
    throw new UsageError(
      `${dir}: holds data with hash ${manifest.hash.slice(0, 12)}, but the search uses ${hash.slice(0, 12)}; ` +
        'give this machine the same data files (the search decodes them into this folder)',
    );
  }
  const part = (images: string, labels: string, count: number): LabelledImages => {
    const x = readIdx(join(dir, images));
    const y = readIdx(join(dir, labels));
    const [h, w, c] = manifest.inputShape;
    if (x.dims.join('x') !== [count, h, w, c].join('x') || y.dims.join('x') !== String(count)) {
      throw new SpinError(`${dir}: ${images} does not match ${PREPARED_FILE}; delete the folder and run again`);
    }
    return { images: x.data, labels: y.data, count };
  };
  return {
    manifest,
    train: part('train-images.idx', 'train-labels.idx', manifest.trainImages),
    test: part('test-images.idx', 'test-labels.idx', manifest.testImages),
  };
}

/** Why `dir` (a worker's --data-dir) cannot serve a run over own data of content `hash`; null when it can. */
export function ownDataProblem(dir: string, hash: string): string | null {
  if (!dir || !existsSync(join(dir, PREPARED_FILE))) {
    return `the run uses its own data (hash ${hash.slice(0, 12)}); start the worker with --data-dir set to a copy of the search's decoded folder (<data>/.spin-nas-cache/<hash>/)`;
  }
  const held = readPreparedManifest(dir).hash;
  return held === hash ? null : `${dir} holds data with hash ${held.slice(0, 12)}, the run uses ${hash.slice(0, 12)}; copy the search's decoded folder here`;
}
