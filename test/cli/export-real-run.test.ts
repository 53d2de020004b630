/**
 * End to end on real data: a 2-trial search trained for real (wasm, tiny budget) on
 * Fashion-MNIST keeps its frontier trials' weights, and `spin-nas export` writes one that a
 * fresh process importing only @tensorflow/tfjs loads and runs. Where the data is missing
 * the test fails under CI=true; elsewhere it is skipped, saying how to install it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDocument } from '../../src/store/index.js';
import { FASHION_MNIST_DIR, fashionMnistMissing, runCli } from '../helpers.js';
import { loadInFreshProcess } from '../report/export-helpers.js';

const data = FASHION_MNIST_DIR;
let root = '';

after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

test('a real 2-trial search keeps its frontier weights and spin-nas export writes a model plain TensorFlow.js loads and runs', { skip: fashionMnistMissing() }, async (t) => {
  root = await mkdtemp(join(tmpdir(), 'spin-nas-export-real-'));
  const started = Date.now();
  const search = await runCli([
    'search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'real', '--runs-dir', root, '--trials', '2', '--workers', '1',
    '--backend', 'wasm', '--seed', '1', '--data-dir', data, '--budget', 'epochs=1,trainSubset=500,validationSize=200',
  ]);
  assert.equal(search.code, 0, search.stderr);
  const run = join(root, 'real');
  const doc = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunDocument;
  assert.equal(doc.config.keepWeights, 'frontier');
  assert.ok(doc.trials.every((trial) => trial.state === 'done'), 'both trials trained');
  assert.ok(doc.frontier.length > 0);
  assert.deepEqual(readdirSync(join(run, 'checkpoints', 'trials')).sort(), [...doc.frontier].sort(), 'weights kept for the frontier only');

  const id = doc.frontier[0]!;
  const trial = doc.trials.find((x) => x.id === id)!;
  const out = join(root, 'exported');
  const exported = await runCli(['export', run, '--trial', id, '--out', out]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, new RegExp(`exported ${id} .*${trial.cost.params} parameters`));
  assert.match(exported.stdout, /no spin-nas import needed/);

  const loaded = loadInFreshProcess(out);
  assert.ok(!('error' in loaded), JSON.stringify(loaded));
  assert.equal(loaded.params, trial.cost.params, "the export holds the cost model's deployed parameters");
  assert.equal(loaded.out.length, 2 * 10, 'ten logits per image');
  assert.ok(loaded.out.every(Number.isFinite));

  const other = doc.trials.find((x) => !doc.frontier.includes(x.id));
  if (other !== undefined) {
    const refused = await runCli(['export', run, '--trial', other.id, '--out', join(root, 'never')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /weights of trial \S+ were deleted \(.+\) because it was not on the frontier; .*--keep-weights all/);
  }
  t.diagnostic(`search + export + fresh load in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
