/** A damaged checkpoint is bad input: export exits 2 with one line naming the file and the fix. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel, saveModel } from '../../src/train/index.js';
import { sampleDecode, sampleSnapshot, sampleSpace } from '../fixtures/runs/sample.js';
import { writeRunFolder } from '../fixtures/runs/write-run.js';
import { runInProcess, tempDir } from '../helpers.js';

const root = tempDir('spin-damaged-ckpt-');
const run = join(root, 'runs', 'sample');
const ID = 't0008-r1';
const ckpt = join(run, 'checkpoints', ID);
const pristine = join(root, 'pristine');

before(async () => {
  await tf.setBackend('cpu');
  const snapshot = sampleSnapshot(run);
  const trial = snapshot.trials.find((t) => t.id === ID)!;
  const built = buildModel(sampleDecode(sampleSpace, trial.genome), { seed: trial.seed });
  await saveModel(built, ckpt);
  built.model.dispose();
  trial.result!.checkpoint = `checkpoints/${ID}`;
  await writeRunFolder(run, snapshot);
  cpSync(ckpt, pristine, { recursive: true });
});

const damages: [string, () => void, RegExp][] = [
  ['a missing weights.bin', () => rmSync(join(ckpt, 'weights.bin')), /weights\.bin: cannot read the model weights \(ENOENT/],
  ['a truncated weights.bin', () => truncateSync(join(ckpt, 'weights.bin'), 100), /weights\.bin: 100 bytes of weights, \d+ expected \(truncated or from another model\)/],
  ['an unparsable model.json', () => writeFileSync(join(ckpt, 'model.json'), '{"modelTopology": '), /model\.json: cannot read the saved model/],
  ['a model.json naming weights outside its folder', () => {
    const json = JSON.parse(readFileSync(join(ckpt, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    json.weightsManifest[0]!.paths = ['../../../../etc/passwd'];
    writeFileSync(join(ckpt, 'model.json'), JSON.stringify(json));
  }, /model\.json: field weightsManifest paths: got "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd", not a file name beside model\.json/],
  ['a model.json whose topology is broken', () => {
    const json = JSON.parse(readFileSync(join(ckpt, 'model.json'), 'utf8')) as { modelTopology: unknown };
    json.modelTopology = { class_name: 'Nothing' };
    writeFileSync(join(ckpt, 'model.json'), JSON.stringify(json));
  }, /model\.json: (cannot be rebuilt into a model|not a TensorFlow\.js layers model)/],
];

for (const [what, damage, message] of damages) {
  test(`export refuses ${what} with exit code 2 and one line naming the file and the fix`, async () => {
    rmSync(ckpt, { recursive: true, force: true });
    cpSync(pristine, ckpt, { recursive: true });
    damage();
    const r = await runInProcess(['export', run, '--trial', ID, '--out', join(root, `out-${what.replace(/\W+/g, '-')}`)]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /the checkpoint is damaged: restore that folder from a backup, or train the trial again/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
}
