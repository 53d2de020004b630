/**
 * Bad own data stops `spin-nas search` before anything is written: one line naming the file
 * and the fix, exit code 2, no run folder and no decoded cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAll, tempDir } from '../helpers.js';
import { images, npy, png, write, writeSpace } from './own-data-helpers.js';

interface Case {
  name: string;
  /** Writes the data and the space into `dir`; returns the space file. */
  make: (dir: string) => string;
  message: RegExp;
}

const grey = png(28, 28, [90, 90, 90, 255]);

function folder(dir: string, classes: Record<string, number>, extra: (dir: string) => void = () => {}): void {
  for (const [name, count] of Object.entries(classes)) for (let i = 0; i < count; i++) write(join(dir, 'train', name, `${i}.png`), grey);
  extra(dir);
}

function arrays(dir: string, x: Uint8Array, shape: number[], y: Uint8Array, yDescr = '<i8', xDescr = '|u1', yShape = [shape[0]!]): string {
  write(join(dir, 'x.npy'), npy(xDescr, shape, x));
  write(join(dir, 'y.npy'), npy(yDescr, yShape, y));
  return writeSpace(join(dir, 'space.json'), { source: { format: 'npy', trainImages: 'x.npy', trainLabels: 'y.npy' } });
}

const folderSpace = (dir: string, source: Record<string, unknown> = {}): string =>
  writeSpace(join(dir, 'space.json'), { source: { format: 'image-folder', train: 'train', ...source } });

const { x, y } = images(40, 2);
const labels64 = new Uint8Array(y.buffer);

const CASES: Case[] = [
  {
    name: 'a corrupt image',
    make: (dir) => (folder(dir, { a: 20, b: 20 }, (d) => write(join(d, 'train', 'b', 'broken.png'), 'not a png')), folderSpace(dir)),
    message: /train\/b\/broken\.png: cannot be decoded as PNG .*; the image is corrupt or not what its extension says: replace it or remove it$/,
  },
  {
    name: 'mixed sizes where resize is "none"',
    make: (dir) => (folder(dir, { a: 20, b: 20 }, (d) => write(join(d, 'train', 'a', 'small.png'), png(10, 10, [0, 0, 0, 255]))), folderSpace(dir, { resize: 'none' })),
    message: /train\/a\/small\.png: is 10x10 pixels, not the 28x28 of dataset.inputShape, and dataset.source.resize is "none"; resize the images, or set dataset.source.resize to "bilinear"$/,
  },
  {
    name: 'a class folder with no images',
    make: (dir) => (folder(dir, { a: 20, b: 0 }, (d) => write(join(d, 'train', 'b', '.keep'), '')), folderSpace(dir)),
    message: /train\/b: is a class folder with no images; add PNG or JPEG images to it/,
  },
  {
    name: 'one class only',
    make: (dir) => (folder(dir, { a: 40 }), folderSpace(dir)),
    message: /train: holds one class folder only \(a\); make one sub-folder per class, at least two classes$/,
  },
  {
    name: 'labels out of range',
    make: (dir) => arrays(dir, x, [40, 28, 28], labels64.map((v, i) => (i === 8 * 3 ? 5 : v))),
    message: /y\.npy: label 5 at index 3 is out of range 0\.\.1 \(dataset.classes is 2\); fix the label or set dataset.classes$/,
  },
  {
    name: 'labels that are not integers',
    make: (dir) => arrays(dir, x, [40, 28, 28], new Uint8Array(Float32Array.from({ length: 40 }, (_, i) => (i === 7 ? 0.5 : i % 2)).buffer), '<f4'),
    message: /y\.npy: label 0\.5 at index 7 is not an integer; labels are class indices/,
  },
  {
    name: 'images of the wrong rank',
    make: (dir) => arrays(dir, x, [40, 784], labels64),
    message: /x\.npy: images have shape \(40, 784\), rank 2; give \[count, height, width\] \(grey\) or \[count, height, width, channels\] images/,
  },
  {
    name: 'images of the wrong dtype',
    make: (dir) => arrays(dir, new Uint8Array(Int32Array.from(x).buffer), [40, 28, 28], labels64, '<i8', '<i4'),
    message: /x\.npy: images are int32; store them as uint8 \(0-255\) or float32 \(0-1\)/,
  },
  {
    name: 'a shape that disagrees with inputShape',
    make: (dir) => arrays(dir, x.subarray(0, 160 * 14 * 14 / 4 * 1), [40, 14, 14], labels64),
    message: /x\.npy: images are 14x14x1, but dataset.inputShape is \[28, 28, 1\]; set dataset.inputShape to \[14, 14, 1\]/,
  },
  {
    name: 'fewer images than the budget needs',
    make: (dir) => (folder(dir, { a: 10, b: 10 }), writeSpace(join(dir, 'space.json'), { source: { format: 'image-folder', train: 'train' } })),
    message: /space\.json: field budget.rungs\[1\]\.trainSubset .*is larger than the dataset: got 20; own has 18 training images and validationSize holds out 8; use at most 10$/,
  },
];

test('bad own data: one line naming the file and the fix, exit 2, nothing written', { timeout: 180_000 }, async () => {
  const dirs = CASES.map(() => tempDir('spin-own-bad-'));
  const spaces = CASES.map((c, i) => c.make(dirs[i]!));
  const results = await runAll(spaces.map((space, i) => ['search', space, '--trainer', 'synthetic', '--trials', '2', '--runs-dir', join(dirs[i]!, 'runs')]));
  results.forEach((result, i) => {
    const { name, message } = CASES[i]!;
    assert.equal(result.code, 2, `${name}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${name}: one line, got ${result.stderr}`);
    assert.match(lines[0]!, /^spin-nas: /, name);
    assert.match(lines[0]!, message, name);
    assert.equal(existsSync(join(dirs[i]!, 'runs')) && readdirSync(join(dirs[i]!, 'runs')).length > 0, false, `${name}: no run written`);
    assert.equal(existsSync(join(dirs[i]!, '.spin-nas-cache')), false, `${name}: no cache written`);
  });
});
