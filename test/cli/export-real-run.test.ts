/**
 * End to end on real data: a 2-trial search trained for real (wasm, tiny budget) on
 * Fashion-MNIST keeps its frontier trials' weights, and `spin-nas export` writes one that a
 * fresh process importing only @tensorflow/tfjs loads and runs; its ONNX and PyTorch exports
 * compute the same logits in ONNX Runtime and Debian's PyTorch. Where the data is missing
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
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { loadInFreshProcess, maxDiff, probe } from '../report/export-helpers.js';
import { checked, pythonMissing, runPythonChecks, type OnnxCheck, type TorchCheck } from '../export/python-check.js';

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

  // The same trained trial as ONNX and as a PyTorch folder: ONNX Runtime and PyTorch compute
  // the TensorFlow.js export's logits (1e-4 x max(1, |logit|)) with the deployed parameters.
  const onnxFile = join(root, 'model.onnx');
  const onnx = await runCli(['export', run, '--trial', id, '--format', 'onnx', '--out', onnxFile]);
  assert.equal(onnx.code, 0, onnx.stderr);
  assert.match(onnx.stdout, new RegExp(`exported ${id} .*${trial.cost.params} parameters.*\\) as onnx to ${onnxFile}`));
  const again = await runCli(['export', run, '--trial', id, '--format', 'onnx', '--out', onnxFile]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /--out \S+model\.onnx: already exists \(spin-nas does not overwrite it\); pass a new file path/);
  assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
  const folder = join(root, 'pytorch');
  const pytorch = await runCli(['export', run, '--trial', id, '--format', 'pytorch', '--out', folder]);
  assert.equal(pytorch.code, 0, pytorch.stderr);
  assert.deepEqual(readdirSync(folder).sort(), ['README.md', 'model.py', 'weights.npz']);

  await tf.setBackend('cpu');
  const x = probe([28, 28, 1]);
  const nchw = Float32Array.from(x.dataSync()); // one channel: NHWC and NCHW hold the same order
  x.dispose();
  const session = await ort.InferenceSession.create(onnxFile);
  const got = (await session.run({ input: new ort.Tensor('float32', nchw, [2, 1, 28, 28]) }))['logits']!;
  await session.release();
  const limit = 1e-4 * Math.max(1, ...loaded.out.map(Math.abs));
  const ortDiff = maxDiff(Array.from(got.data as Float32Array), loaded.out);
  assert.ok(ortDiff <= limit, `ONNX Runtime: max logit difference ${ortDiff}`);
  t.diagnostic(`trained ${trial.label}: ONNX Runtime max |logit difference| ${ortDiff.toExponential(2)}`);
  if (pythonMissing() === false) {
    const results = runPythonChecks([{ onnx: onnxFile }, { pytorch: folder, input: Array.from(nchw), shape: [2, 1, 28, 28] }]);
    const checker = checked<OnnxCheck>(results, onnxFile);
    assert.equal(checker.problem, null);
    assert.equal(checker.params, trial.cost.params);
    const torch = checked<TorchCheck>(results, folder);
    assert.equal(torch.params, trial.cost.params);
    const torchDiff = maxDiff(torch.logits, loaded.out);
    assert.ok(torchDiff <= limit, `PyTorch: max logit difference ${torchDiff}`);
    t.diagnostic(`trained ${trial.label}: PyTorch max |logit difference| ${torchDiff.toExponential(2)}`);
  }

  const other = doc.trials.find((x) => !doc.frontier.includes(x.id));
  if (other !== undefined) {
    const refused = await runCli(['export', run, '--trial', other.id, '--out', join(root, 'never')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /weights of trial \S+ were deleted \(.+\) because it was not on the frontier; .*--keep-weights all/);
  }
  t.diagnostic(`search + export + fresh load in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
