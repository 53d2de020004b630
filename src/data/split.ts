/**
 * Seeded index sets over a dataset: the train/validation split of the training set, the
 * training subset of a proxy budget, epoch shuffles, and normalised batches. The test set
 * is only touched by `testIndices` (final evaluation).
 */
import { UsageError } from '../errors.js';
import { makeRng, shuffleInPlace } from '../util/random.js';
import type { Dataset } from './datasets.js';
import type { LabelledImages } from './cifar.js';

export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

export interface Split {
  /** Indices into the training set used for training (a seeded subset). */
  train: Int32Array;
  /** Indices into the training set held out for validation. */
  validation: Int32Array;
}

/**
 * Splits the TRAINING set: a seeded permutation, the first `validationSize` images held
 * out for validation, then `trainSubset` images for training. The validation set depends
 * only on `splitSeed`, so every trial of a run is compared on the same images.
 */
export function splitTraining(
  count: number,
  options: { validationSize: number; trainSubset: number; splitSeed: number; subsetSeed?: number },
): Split {
  const { validationSize, trainSubset } = options;
  if (!Number.isInteger(validationSize) || validationSize < 1 || validationSize >= count) {
    throw new UsageError(`validationSize ${validationSize} must be an integer between 1 and ${count - 1} (training set size ${count})`);
  }
  const order = range(count);
  shuffleInPlace(order, makeRng(`split:${options.splitSeed}`));
  const validation = order.slice(0, validationSize);
  const rest = order.slice(validationSize);
  if (!Number.isInteger(trainSubset) || trainSubset < 1) {
    throw new UsageError(`trainSubset ${trainSubset} must be a positive integer`);
  }
  if (options.subsetSeed !== undefined) shuffleInPlace(rest, makeRng(`subset:${options.subsetSeed}`));
  return { train: rest.slice(0, Math.min(trainSubset, rest.length)), validation };
}

/** Scales bytes to [0, 1] then applies the dataset's per-channel mean/std. */
export function normaliseBatch(dataset: Dataset, part: LabelledImages, indices: ArrayLike<number>): {
  x: Float32Array;
  y: Int32Array;
} {
  const [h, w, c] = dataset.inputShape;
  const size = h * w * c;
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  const scale = dataset.std.map((s) => 1 / (255 * s));
  const shift = dataset.mean.map((m, k) => m / dataset.std[k]!);
  for (let n = 0; n < indices.length; n++) {
    const src = indices[n]! * size;
    const dst = n * size;
    for (let i = 0; i < size; i++) {
      const k = i % c;
      x[dst + i] = part.images[src + i]! * scale[k]! - shift[k]!;
    }
    y[n] = part.labels[indices[n]!]!;
  }
  return { x, y };
}
