/**
 * exportModel's requests: what it refuses (one line, nothing written, nothing overwritten) and
 * the PyTorch folder's shape; plus the pure pieces (transpose, 'same' pads, the .npy header).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../src/errors.js';
import { exportModel, type ModelFormat } from '../../src/export/index.js';
import { samePads } from '../../src/export/onnx/model.js';
import { decodeModel } from '../../src/export/onnx/proto.js';
import { transpose } from '../../src/export/portable.js';
import { crc32, npy } from '../../src/export/pytorch/npz.js';
import type { RunSnapshot, TrialRecord } from '../../src/store/types.js';
import { buildModel, saveModel } from '../../src/train/index.js';
import { convMixer } from '../train/archs.js';
import { images, npy as npyFile, npz as npzFile, write, writeSpace } from '../data/own-data-helpers.js';
import { prepareOwnDataset } from '../../src/data/index.js';
import { loadSpace } from '../../src/space/index.js';

let root = '';
let snapshot: RunSnapshot;

before(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'spin-nas-export-requests-'));
  const dir = join(root, 'run');
  const model = buildModel(convMixer({ hash: 'h0', label: 'tiny' }), { seed: 1 });
  await saveModel(model, join(dir, 'checkpoints', 'trials', 't0000-r0'));
  model.model.dispose();
  const trials = [
    { id: 't0000-r0', number: 0, rung: 0, state: 'done', hash: 'h0', seed: 1, label: 'tiny', result: { checkpoint: 'checkpoints/trials/t0000-r0', valAccuracy: 0.5 } },
    { id: 't0001-r0', number: 1, rung: 0, state: 'done', hash: 'h1', seed: 1, label: 'gone', result: { checkpoint: 'checkpoints/trials/t0001-r0' }, weightsDeleted: '2026-12-06T00:00:00.000Z' },
  ] as unknown as TrialRecord[];
  snapshot = {
    dir, name: 'requests', trials, frontier: ['t0000-r0'],
    space: { dataset: { name: 'fashion-mnist', inputShape: [28, 28, 1], classes: 10 } },
  } as unknown as RunSnapshot;
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refused(what: RegExp, run: () => Promise<unknown>): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, what);
    assert.equal(error.message.includes('\n'), false, 'one line');
    return true;
  });
}

test('an unknown format is refused with the formats that exist', async () => {
  await refused(/export format "tflite" does not exist; use model \(TensorFlow\.js\), onnx \(a \.onnx file\) or pytorch/, () =>
    exportModel(snapshot, 't0000-r0', { format: 'tflite' as ModelFormat, out: join(root, 'x') }));
});

test('a trial whose weights were not kept is refused before anything is written', async () => {
  const out = join(root, 'gone.onnx');
  await refused(/the weights of trial t0001-r0 were deleted .* because it was not on the frontier/, () =>
    exportModel(snapshot, 't0001-r0', { format: 'onnx', out }));
  assert.equal(existsSync(out), false);
});

test('an output path that exists is never overwritten: an ONNX file, a non-empty PyTorch folder', async () => {
  const file = join(root, 'taken.onnx');
  writeFileSync(file, 'mine');
  await refused(/--out \S+taken\.onnx: already exists \(spin-nas does not overwrite it\); pass a new file path/, () =>
    exportModel(snapshot, 't0000-r0', { format: 'onnx', out: file }));
  assert.equal(readFileSync(file, 'utf8'), 'mine');
  const folder = join(root, 'taken');
  mkdirSync(folder);
  writeFileSync(join(folder, 'notes.txt'), 'mine');
  await refused(/--out \S+taken: already exists .*pass a new folder path/, () => exportModel(snapshot, 't0000-r0', { format: 'pytorch', out: folder }));
  assert.deepEqual(readdirSync(folder), ['notes.txt']);
});

test('a PyTorch export goes into a new or empty folder; the training form of a trial without fusion is the deployed model', async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const summary = await exportModel(snapshot, 't0000-r0', { format: 'pytorch', out: empty, trainingForm: true });
  assert.equal(summary.form, 'deployed');
  assert.match(summary.loadHint, /trained without weight fusion: its training form is the deployed model/);
  assert.deepEqual(readdirSync(empty).sort(), ['README.md', 'model.py', 'weights.npz']);
  assert.deepEqual(readdirSync(root).filter((name) => name.includes('.partial-')), [], 'no temporary folder left');
});

test('a dataset whose statistics the run does not record is exported without made-up ones', async () => {
  const own = { ...snapshot, space: { dataset: { name: 'my-images', inputShape: [28, 28, 1], classes: 10 } } } as unknown as RunSnapshot;
  const file = join(root, 'own.onnx');
  await exportModel(own, 't0000-r0', { format: 'onnx', out: file });
  const meta = Object.fromEntries((decodeModel(readFileSync(file)) as { metadata_props: { key: string; value: string }[] }).metadata_props.map((p) => [p.key, p.value]));
  assert.equal(meta['spin-nas.mean'], undefined);
  assert.match(meta['spin-nas.normalisation']!, /my-images's training statistics, which this export does not know/);
  const folder = join(root, 'own');
  await exportModel(own, 't0000-r0', { format: 'pytorch', out: folder });
  assert.match(readFileSync(join(folder, 'model.py'), 'utf8'), /^MEAN = None$/m);
  assert.match(readFileSync(join(folder, 'README.md'), 'utf8'), /the training statistics of my-images \(not recorded in the run/);
});

test('own data: the export records the statistics the model was trained with, read from the decoded copy beside the data', async () => {
  const data = join(root, 'own-data');
  const { x, y } = images(40, 2);
  write(join(data, 'data.npz'), npzFile({ x_train: npyFile('|u1', [40, 28, 28, 1], x), y_train: npyFile('<i8', [40], y) }));
  const space = loadSpace(writeSpace(join(data, 'space.json'), { source: { format: 'npz', file: 'data.npz' } }));
  const own: RunSnapshot = { ...snapshot, space };
  const file = join(root, 'own-before.onnx');
  await exportModel(own, 't0000-r0', { format: 'onnx', out: file });
  assert.equal(metadata(file)['spin-nas.mean'], undefined, 'not decoded yet: nothing made up');
  const prepared = prepareOwnDataset(space);
  const after = join(root, 'own-after.onnx');
  await exportModel(own, 't0000-r0', { format: 'onnx', out: after });
  assert.deepEqual(JSON.parse(metadata(after)['spin-nas.mean']!), prepared.mean);
  assert.deepEqual(JSON.parse(metadata(after)['spin-nas.std']!), prepared.std);
  const folder = join(root, 'own-pytorch');
  await exportModel(own, 't0000-r0', { format: 'pytorch', out: folder });
  assert.match(readFileSync(join(folder, 'model.py'), 'utf8'), new RegExp(`^MEAN = \\[${prepared.mean[0]}`, 'm'));
});

function metadata(file: string): Record<string, string> {
  return Object.fromEntries((decodeModel(readFileSync(file)) as { metadata_props: { key: string; value: string }[] }).metadata_props.map((p) => [p.key, p.value]));
}

test('transpose permutes axes; same pads split k-1 as TensorFlow does; .npy headers are 64-byte aligned', () => {
  const t = { shape: [2, 3], data: Float32Array.from([0, 1, 2, 3, 4, 5]) };
  assert.deepEqual(transpose(t, [1, 0]), { shape: [3, 2], data: Float32Array.from([0, 3, 1, 4, 2, 5]) });
  assert.deepEqual(samePads(3), [1, 1, 1, 1]);
  assert.deepEqual(samePads(4), [1, 1, 2, 2]);
  const bytes = npy({ shape: [3], data: Float32Array.from([1, 2, 3]) });
  const headerLength = bytes[8]! + 256 * bytes[9]!;
  assert.equal((10 + headerLength) % 64, 0);
  assert.match(Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1'), /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/);
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
});
