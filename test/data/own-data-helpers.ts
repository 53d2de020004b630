/** Helpers of the own-data tests: .npy/.npz writers, PNG images, and a space file over the data. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import pngjs from 'pngjs';
import { repoRoot } from '../helpers.js';

type Typed = Uint8Array | Int32Array | Float32Array | Float64Array | BigInt64Array;

/** A NumPy .npy file (format 1.0) of `data` with `shape`; `descr` e.g. '|u1', '<f4', '<i8'. */
export function npy(descr: string, shape: number[], data: Typed): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(new TextEncoder().encode(header), 10);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

export function npz(arrays: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(arrays).map(([k, v]) => [`${k}.npy`, v])));
}

/** `count` 28x28 grey images whose pixels encode their label (label * 60 + small noise), and the labels 0..classes-1 in turn. */
export function images(count: number, classes: number): { x: Uint8Array; y: BigInt64Array } {
  const x = new Uint8Array(count * 28 * 28);
  const y = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    y[i] = BigInt(label);
    for (let p = 0; p < 784; p++) x[i * 784 + p] = label * 60 + ((i + p) % 7);
  }
  return { x, y };
}

/** A PNG of width x height, every pixel [r, g, b, a]. */
export function png(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const image = new pngjs.PNG({ width, height });
  for (let p = 0; p < width * height; p++) image.data.set(rgba, p * 4);
  return pngjs.PNG.sync.write(image);
}

export function write(file: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** The example image-folder space with `dataset` replaced, written as `file`; budgets small enough for 40 images. */
export function writeSpace(file: string, dataset: Record<string, unknown>, budget: Record<string, unknown> = {}): string {
  const space = JSON.parse(readFileSync(join(repoRoot, 'examples', 'own-images', 'fmnist-folder.json'), 'utf8')) as Record<string, unknown>;
  delete space['$schema'];
  space['dataset'] = { name: 'own', inputShape: [28, 28, 1], classes: 2, ...dataset };
  space['budget'] = { epochs: 1, trainSubset: 20, validationSize: 8, batchSize: 8, learningRate: 0.005, schedule: 'constant', rungs: [{ trainSubset: 10 }, { trainSubset: 20 }], ...budget };
  return write(file, JSON.stringify(space, null, 2));
}
