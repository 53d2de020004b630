// Writes a tiny image-folder dataset drawn from Fashion-MNIST: one sub-folder per class of
// PNG images (every fifth one a JPEG, to exercise both decoders), for trying dataset.source
// "image-folder" on real data.
//
//   node scripts/make-image-folder.mjs examples/own-images/fmnist-folder [--classes 3] [--train 80] [--test 20] [--data-dir DIR]
//
// Writes OUT/train/<class>/<n>.png|jpg and OUT/test/<class>/..., the first images of each class
// in the Fashion-MNIST training and test files (deterministic). Needs the dataset installed
// (apt-get install -y dataset-fashion-mnist, or --data-dir).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

const NAMES = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
}

function readIdx(dir, name) {
  const plain = join(dir, name);
  const bytes = existsSync(plain) ? readFileSync(plain) : gunzipSync(readFileSync(`${plain}.gz`));
  const rank = bytes[3];
  const dims = Array.from({ length: rank }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  return { dims, data: bytes.subarray(4 + 4 * rank) };
}

const out = process.argv[2];
if (!out || out.startsWith('--')) {
  console.error('usage: node scripts/make-image-folder.mjs OUT [--classes 3] [--train 80] [--test 20] [--data-dir DIR]');
  process.exit(2);
}
const classes = Number(option('classes', '3'));
const counts = { train: Number(option('train', '80')), test: Number(option('test', '20')) };
const dataDir = option('data-dir', '/usr/share/datasets/fashion-mnist');
if (!existsSync(join(dataDir, 'train-images-idx3-ubyte.gz')) && !existsSync(join(dataDir, 'train-images-idx3-ubyte'))) {
  console.error(`make-image-folder: Fashion-MNIST is not in ${dataDir}; apt-get install -y dataset-fashion-mnist, or pass --data-dir`);
  process.exit(2);
}

let written = 0;
for (const [split, prefix] of [['train', 'train'], ['test', 't10k']]) {
  const images = readIdx(dataDir, `${prefix}-images-idx3-ubyte`);
  const labels = readIdx(dataDir, `${prefix}-labels-idx1-ubyte`);
  const [count, rows, cols] = images.dims;
  const taken = new Array(classes).fill(0);
  for (let i = 0; i < count && taken.some((n) => n < counts[split]); i++) {
    const label = labels.data[i];
    if (label >= classes || taken[label] >= counts[split]) continue;
    const n = taken[label]++;
    const dir = join(out, split, NAMES[label]);
    mkdirSync(dir, { recursive: true });
    const rgba = Buffer.alloc(rows * cols * 4);
    for (let p = 0; p < rows * cols; p++) {
      const v = images.data[i * rows * cols + p];
      rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = v;
      rgba[4 * p + 3] = 255;
    }
    const name = String(n).padStart(4, '0');
    if (n % 5 === 4) {
      writeFileSync(join(dir, `${name}.jpg`), jpeg.encode({ data: rgba, width: cols, height: rows }, 95).data);
    } else {
      const png = new pngjs.PNG({ width: cols, height: rows });
      rgba.copy(png.data);
      writeFileSync(join(dir, `${name}.png`), pngjs.PNG.sync.write(png, { colorType: 0 }));
    }
    written++;
  }
}
console.log(`wrote ${written} images (${classes} classes: ${NAMES.slice(0, classes).join(', ')}) to ${out}/train and ${out}/test`);
