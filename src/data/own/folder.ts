/**
 * An image folder: one sub-folder per class (sorted names give labels 0, 1, ...), PNG and
 * JPEG images inside. Lists (for the content hash) and decodes (see images.ts for the size
 * and channel policy).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { LabelledImages } from '../cifar.js';
import { IMAGE_EXTENSIONS, decodeImage, toInputShape, type ResizePolicy } from './images.js';
import { dataError } from './problem.js';

export interface FolderListing {
  root: string;
  classNames: string[];
  /** Image files, by class index. */
  files: string[][];
}

/** The class folders and image files of `root`; `field` names the space field that gave it. */
export function listImageFolder(root: string, field: string, classes: number): FolderListing {
  let names: string[];
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
    names = readdirSync(root).filter((n) => !n.startsWith('.')).sort();
  } catch (error) {
    throw dataError(root, `cannot be read as a folder (${(error as Error).message})`, `set ${field} to the folder holding one sub-folder of images per class`);
  }
  const classNames: string[] = [];
  for (const name of names) {
    if (statSync(join(root, name)).isDirectory()) classNames.push(name);
    else throw dataError(join(root, name), 'is a file beside the class folders', `put every image in its class's sub-folder of ${root} (or remove the file)`);
  }
  if (classNames.length < 2) {
    throw dataError(root, classNames.length === 0 ? 'holds no class folders' : `holds one class folder only (${classNames[0]})`, 'make one sub-folder per class, at least two classes');
  }
  if (classNames.length !== classes) {
    throw dataError(root, `holds ${classNames.length} class folders (${classNames.join(', ')}), but dataset.classes is ${classes}`, `set dataset.classes to ${classNames.length}, or add or remove class folders`);
  }
  const files = classNames.map((name) => {
    const dir = join(root, name);
    const images = readdirSync(dir).filter((n) => !n.startsWith('.')).sort().map((n) => join(dir, n));
    for (const file of images) {
      if (!IMAGE_EXTENSIONS.includes(extname(file).toLowerCase())) throw dataError(file, 'is not a PNG or JPEG image (.png, .jpg, .jpeg)', 'convert it, or move it out of the class folder');
    }
    if (images.length === 0) throw dataError(dir, 'is a class folder with no images', 'add PNG or JPEG images to it, or remove the folder (and lower dataset.classes)');
    return images;
  });
  return { root, classNames, files };
}

/** Decodes every image of a listing into inputShape. */
export function readImageFolder(listing: FolderListing, shape: readonly [number, number, number], resize: ResizePolicy): LabelledImages {
  const count = listing.files.reduce((n, f) => n + f.length, 0);
  const size = shape[0] * shape[1] * shape[2];
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let i = 0;
  listing.files.forEach((files, label) => {
    for (const file of files) {
      images.set(toInputShape(decodeImage(readFileSync(file), file), shape, resize, file), i * size);
      labels[i++] = label;
    }
  });
  return { images, labels, count };
}
