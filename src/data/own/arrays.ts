/**
 * Images and labels given as arrays (.npy, .npz members, IDX files) to LabelledImages, with
 * the checks a user's export from Python needs: rank, dtype, shape against inputShape, labels
 * integer and in range, as many labels as images.
 */
import type { LabelledImages } from '../cifar.js';
import type { NpyArray } from './npy.js';
import { dataError } from './problem.js';

/** An array as read from any format: its dtype name, shape and elements. */
export type AnyArray = Pick<NpyArray, 'dtype' | 'shape' | 'data'>;

const INTEGER_DTYPES = new Set(['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64']);

/** Images [count, h, w] or [count, h, w, c], uint8 (0-255) or float32 (0-1, scaled to 0-255 and rounded). */
export function imagesOf(array: AnyArray, file: string, shape: readonly [number, number, number]): { images: Uint8Array; count: number } {
  const [h, w, c] = shape;
  const rank = array.shape.length;
  if (rank !== 3 && rank !== 4) {
    throw dataError(file, `images have shape (${array.shape.join(', ')}), rank ${rank}`, 'give [count, height, width] (grey) or [count, height, width, channels] images, channels last');
  }
  const [count, ah, aw, ac = 1] = array.shape as [number, number, number, number?];
  if (ah !== h || aw !== w || ac !== c) {
    throw dataError(file, `images are ${ah}x${aw}x${ac}, but dataset.inputShape is [${h}, ${w}, ${c}]`, `set dataset.inputShape to [${ah}, ${aw}, ${ac}] or resize the images (channels last)`);
  }
  if (count === 0) throw dataError(file, 'holds no images', 'give a non-empty array');
  if (array.dtype === 'uint8') return { images: array.data as Uint8Array, count };
  if (array.dtype !== 'float32') {
    throw dataError(file, `images are ${array.dtype}`, 'store them as uint8 (0-255) or float32 (0-1): x.astype(numpy.uint8) or (x / 255).astype(numpy.float32)');
  }
  const data = array.data as Float32Array;
  const images = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0 && v <= 1)) throw dataError(file, `float32 image value ${v} at element ${i} is outside 0..1`, 'scale float images to 0..1 (x / 255), or store uint8 0..255');
    images[i] = Math.round(v * 255);
  }
  return { images, count };
}

/** Labels [count]: integers from 0 to classes - 1 (integral floats are accepted). */
export function labelsOf(array: AnyArray, file: string, classes: number, count: number, imagesFile: string): Uint8Array {
  if (array.shape.length !== 1) {
    throw dataError(file, `labels have shape (${array.shape.join(', ')})`, 'give one integer label per image, shape [count] (y.reshape(-1); not one-hot)');
  }
  if (array.shape[0] !== count) throw dataError(file, `holds ${array.shape[0]} labels, but ${imagesFile} holds ${count} images`, 'give one label per image, in the same order');
  if (!INTEGER_DTYPES.has(array.dtype) && array.dtype !== 'float32' && array.dtype !== 'float64') {
    throw dataError(file, `labels are ${array.dtype}`, 'store labels as integers: y.astype(numpy.int64)');
  }
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = Number(array.data[i]);
    if (!Number.isInteger(v)) throw dataError(file, `label ${v} at index ${i} is not an integer`, 'labels are class indices 0 .. classes - 1: y.astype(numpy.int64)');
    if (v < 0 || v >= classes) throw dataError(file, `label ${v} at index ${i} is out of range 0..${classes - 1} (dataset.classes is ${classes})`, 'fix the label or set dataset.classes');
    labels[i] = v;
  }
  return labels;
}

export function labelled(images: { images: Uint8Array; count: number }, labels: Uint8Array): LabelledImages {
  return { images: images.images, labels, count: images.count };
}
