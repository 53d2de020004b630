/**
 * The README's own-data example, end to end on real images: scripts/make-image-folder.mjs
 * draws 300 Fashion-MNIST images into class folders (PNG and JPEG), and a short search of
 * examples/own-images/fmnist-folder.json trains on them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRun } from '../../src/index.js';
import { fashionMnistMissing, FASHION_MNIST_DIR, repoRoot, runCli, tempDir } from '../helpers.js';

test('the image-folder example space searches on images made from Fashion-MNIST', { skip: fashionMnistMissing(), timeout: 300_000 }, async () => {
  const dir = tempDir('spin-own-images-');
  const space = join(dir, 'fmnist-folder.json');
  copyFileSync(join(repoRoot, 'examples', 'own-images', 'fmnist-folder.json'), space);
  const made = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'make-image-folder.mjs'), join(dir, 'fmnist-folder'), '--data-dir', FASHION_MNIST_DIR], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /wrote 300 images \(3 classes: t-shirt, trouser, pullover\)/);
  const files = readdirSync(join(dir, 'fmnist-folder', 'train', 'trouser'));
  assert.ok(files.some((f) => f.endsWith('.png')) && files.some((f) => f.endsWith('.jpg')), files.join(' '));

  const result = await runCli(['search', space, '--trials', '2', '--workers', '1', '--runs-dir', join(dir, 'runs')]);
  assert.equal(result.code, 0, result.stderr);
  const run = await openRun(join(dir, 'runs', 'fmnist-folder'));
  const done = run.trials.filter((t) => t.state === 'done');
  assert.ok(done.length >= 2, `${done.length} trials done`);
  for (const t of done) {
    assert.equal(t.result?.synthetic, undefined, 'trained for real');
    assert.ok(t.result!.valAccuracy >= 0 && t.result!.valAccuracy <= 1);
    assert.equal(t.result!.imagesSeen, t.rung === 0 ? 80 : 160);
  }
  // Decoded once, beside the data, with the training split's statistics.
  const [cache] = readdirSync(join(dir, 'fmnist-folder', '.spin-nas-cache'));
  const manifest = JSON.parse(readFileSync(join(dir, 'fmnist-folder', '.spin-nas-cache', cache!, 'dataset.json'), 'utf8')) as { trainImages: number; testImages: number; classNames: string[]; mean: number[] };
  assert.equal(manifest.trainImages, 240);
  assert.equal(manifest.testImages, 60);
  assert.deepEqual(manifest.classNames, ['pullover', 't-shirt', 'trouser']);
  assert.ok(manifest.mean[0]! > 0.1 && manifest.mean[0]! < 0.6, String(manifest.mean[0]));
});
