/**
 * CIFAR-10 binary format: records of 3073 bytes, one label byte then 1024 red, 1024 green
 * and 1024 blue bytes (row-major 32x32). Converted to height x width x channel order.
 */
import { SpinError } from '../errors.js';
import { readMaybeGzip } from './idx.js';

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR_RECORD = 1 + 3 * PLANE;

export interface LabelledImages {
  /** count x height x width x channels, unsigned bytes. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export function readCifarBatch(file: string, classes = 10): LabelledImages {
  const bytes = readMaybeGzip(file);
  if (bytes.length === 0) throw new SpinError(`${file}: not a valid CIFAR-10 batch: the file is empty`);
  if (bytes.length % CIFAR_RECORD !== 0) {
    throw new SpinError(
      `${file}: not a valid CIFAR-10 batch: ${bytes.length} bytes is not a whole number of ` +
        `${CIFAR_RECORD}-byte records (truncated or not the binary version)`,
    );
  }
  const count = bytes.length / CIFAR_RECORD;
  const images = new Uint8Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const base = n * CIFAR_RECORD;
    const label = bytes[base]!;
    if (label >= classes) {
      throw new SpinError(`${file}: not a valid CIFAR-10 batch: record ${n} has label ${label} (0 to ${classes - 1} allowed)`);
    }
    labels[n] = label;
    const out = n * 3 * PLANE;
    for (let p = 0; p < PLANE; p++) {
      images[out + 3 * p] = bytes[base + 1 + p]!;
      images[out + 3 * p + 1] = bytes[base + 1 + PLANE + p]!;
      images[out + 3 * p + 2] = bytes[base + 1 + 2 * PLANE + p]!;
    }
  }
  return { images, labels, count };
}

/** Concatenates several labelled image sets of the same image size. */
export function concatImages(parts: LabelledImages[]): LabelledImages {
  const count = parts.reduce((s, p) => s + p.count, 0);
  const images = new Uint8Array(parts.reduce((s, p) => s + p.images.length, 0));
  const labels = new Uint8Array(count);
  let i = 0;
  let l = 0;
  for (const p of parts) {
    images.set(p.images, i);
    labels.set(p.labels, l);
    i += p.images.length;
    l += p.count;
  }
  return { images, labels, count };
}
