/**
 * ONNX and PyTorch exports verified by the runtimes themselves: for tiny ConvMixers and ViTs
 * with sharing, from scratch and with each weight-fusion reduction (every weight random, fusion
 * mix weights included, so a wrongly mapped tensor shows), ONNX Runtime (onnxruntime-node) and
 * Debian's PyTorch compute the TensorFlow.js model's logits for the same input, and hold the
 * cost model's parameter count; Debian's python3-onnx checker accepts every file. The models
 * are built and exported once (before); one Python process checks every export.
 *
 * Tolerance: max |logit difference| <= 1e-4 x max(1, max |logit|) (float32, different op order).
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { costOf } from '../../src/arch/index.js';
import type { ArchSpec } from '../../src/arch/types.js';
import { exportModel, ONNX_OPSET } from '../../src/export/index.js';
import { decodeModel } from '../../src/export/onnx/proto.js';
import { transpose } from '../../src/export/portable.js';
import type { RunSnapshot, TrialRecord } from '../../src/store/types.js';
import { buildModel, saveModel } from '../../src/train/index.js';
import { convMixer, sequential, vit } from '../train/archs.js';
import { maxDiff, outputs, probe, randomise } from '../report/export-helpers.js';
import { checked, pythonMissing, runPythonChecks, type OnnxCheck, type PythonResult, type TorchCheck } from './python-check.js';

const TOLERANCE = 1e-4;

const strided = (d: number, s: number): number[] => Array.from({ length: d }, (_, i) => i % s);
const CASES: [string, ArchSpec][] = [
  ['ConvMixer, pointwise shared in pairs from scratch, pointwise residual', convMixer({ depth: 4, pointwise: sequential(4, 2), pointwiseResidual: true })],
  ['ConvMixer, both shared (strided, one pointwise set), kernel 4, mean fusion', convMixer({ depth: 4, kernel: 4, depthwise: strided(4, 2), pointwise: [0, 0, 0, 0], init: 'mean' })],
  ['ConvMixer, pointwise shared, choose_first fusion', convMixer({ depth: 3, pointwise: [0, 0, 1], init: 'choose_first' })],
  ['ConvMixer, both shared, scalar_weighted_mean fusion', convMixer({ depth: 4, pointwise: sequential(4, 2), depthwise: sequential(4, 2), init: 'scalar_weighted_mean' })],
  ['ConvMixer, pointwise shared, channel_weighted_mean fusion', convMixer({ depth: 4, pointwise: sequential(4, 2), init: 'channel_weighted_mean' })],
  ['ViT, attention shared by three blocks from scratch', vit({ depth: 3, attention: [0, 0, 0] })],
  ['ViT, both shared, mean fusion', vit({ depth: 4, attention: sequential(4, 2), mlp: strided(4, 2), init: 'mean' })],
  ['ViT, attention shared, choose_first fusion', vit({ depth: 2, attention: [0, 0], init: 'choose_first' })],
  ['ViT, mlp shared, scalar_weighted_mean fusion', vit({ depth: 2, mlp: [0, 0], init: 'scalar_weighted_mean' })],
  ['ViT, both shared, channel_weighted_mean fusion', vit({ depth: 2, attention: [0, 0], mlp: [0, 0], init: 'channel_weighted_mean' })],
];

interface Case {
  what: string;
  arch: ArchSpec;
  trial: string;
  fused: boolean;
  /** The trained (TensorFlow.js) model's logits for `input`. */
  logits: number[];
  onnx: string;
  pytorch: string;
  training: string;
}

let root = '';
const cases: Case[] = [];
let inputNhwc: Float32Array;
let inputNchw: Float32Array;
let python = new Map<string, PythonResult>();
const skipPython = pythonMissing();

const scale = (logits: number[]): number => Math.max(1, ...logits.map(Math.abs));
/** Checks the logits agree within the tolerance; reports the largest difference in the test's output. */
const close = (t: TestContext, what: string, got: number[], want: number[]): void => {
  assert.equal(got.length, want.length);
  const diff = maxDiff(got, want);
  assert.ok(diff <= TOLERANCE * scale(want), `${what}: max logit difference ${diff} (logits up to ${scale(want)})`);
  t.diagnostic(`${what}: max |logit difference| ${diff.toExponential(2)}, logits up to ${scale(want).toFixed(2)}`);
};

before(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'spin-nas-portable-'));
  const runDir = join(root, 'run');
  const trials: TrialRecord[] = [];
  const shape = CASES[0]![1].inputShape;
  const x = probe(shape);
  inputNhwc = Float32Array.from(x.dataSync());
  inputNchw = transpose({ shape: [2, ...shape], data: inputNhwc }, [0, 3, 1, 2]).data;
  for (const [i, [what, spec]] of CASES.entries()) {
    const id = `t${String(i).padStart(4, '0')}-r0`;
    const arch = { ...spec, hash: `h${i}`, label: what };
    const model = buildModel(arch, { seed: 10 + i });
    randomise(model.model, 10 + i);
    const logits = outputs(model.model, x);
    await saveModel(model, join(runDir, 'checkpoints', 'trials', id));
    model.model.dispose();
    trials.push({
      id, number: i, rung: 0, state: 'done', hash: arch.hash, seed: 3, label: what,
      result: { checkpoint: `checkpoints/trials/${id}`, valAccuracy: 0.5 + i / 100 },
    } as unknown as TrialRecord);
    cases.push({
      what, arch, trial: id, fused: model.fused, logits,
      onnx: join(root, 'onnx', `${id}.onnx`), pytorch: join(root, 'pytorch', id), training: join(root, 'training', id),
    });
  }
  x.dispose();
  const snapshot = {
    dir: runDir, name: 'portable', trials, frontier: trials.map((t) => t.id),
    space: { dataset: { name: 'fashion-mnist', inputShape: shape, classes: 10 } },
  } as unknown as RunSnapshot;
  for (const c of cases) {
    await exportModel(snapshot, c.trial, { format: 'onnx', out: c.onnx });
    await exportModel(snapshot, c.trial, { format: 'pytorch', out: c.pytorch });
    if (c.fused) await exportModel(snapshot, c.trial, { format: 'pytorch', out: c.training, trainingForm: true });
  }
  if (skipPython !== false) return;
  const input = Array.from(inputNchw);
  const nchw = [2, shape[2], shape[0], shape[1]];
  python = runPythonChecks(cases.flatMap((c) => [
    { onnx: c.onnx },
    { pytorch: c.pytorch, input, shape: nchw },
    ...(c.fused ? [{ pytorch: c.training, input, shape: nchw }] : []),
  ]));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

for (const [i, [what]] of CASES.entries()) {
  test(`${what}: ONNX Runtime computes the TensorFlow.js logits from one initializer per weight set`, async (t) => {
    const c = cases[i]!;
    const [h, w, ch] = c.arch.inputShape;
    const session = await ort.InferenceSession.create(c.onnx);
    assert.deepEqual(session.inputNames, ['input']);
    assert.deepEqual(session.outputNames, ['logits']);
    const result = await session.run({ input: new ort.Tensor('float32', inputNchw, [2, ch, h, w]) });
    const logits = result['logits']!;
    assert.deepEqual(logits.dims, [2, c.arch.classes]);
    close(t, 'ONNX Runtime', Array.from(logits.data as Float32Array), c.logits);
    // The dynamic batch: one image gives the first image's logits.
    const one = await session.run({ input: new ort.Tensor('float32', inputNchw.slice(0, ch * h * w), [1, ch, h, w]) });
    close(t, 'ONNX Runtime, batch of 1', Array.from(one['logits']!.data as Float32Array), c.logits.slice(0, c.arch.classes));
    await session.release();

    const model = decodeModel(readFileSync(c.onnx)) as {
      opset_import: { version: number }[];
      graph: { initializer: { name: string; dims: number[] }[]; node: { input: string[]; op_type: string }[] };
      metadata_props: { key: string; value: string }[];
    };
    assert.deepEqual(model.opset_import.map((o) => o.version), [ONNX_OPSET]);
    const inits = model.graph.initializer;
    const params = inits.filter((t) => !/running_(mean|var)$/.test(t.name)).reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
    assert.equal(params, costOf(c.arch).params);
    assert.equal(new Set(inits.map((t) => t.name)).size, inits.length, 'no initializer twice');
    for (const [component, assignment] of Object.entries(c.arch.sharing.assignment)) {
      const sets = new Set(assignment).size;
      const weights = inits.filter((t) => new RegExp(`^${component}\\.\\d+\\.(\\w+\\.)?weight$`).test(t.name));
      const pairs = component === 'attention' ? 4 : component === 'mlp' ? 2 : 1;
      assert.equal(weights.length, sets * pairs, `${component}: one initializer per weight set`);
      const uses = model.graph.node.flatMap((n) => n.input).filter((name) => weights.some((t) => t.name === name)).length;
      assert.equal(uses, c.arch.depth * pairs, `${component}: every block uses its set's initializer`);
    }
    assert.equal(model.graph.node.filter((n) => n.op_type === 'Erf').length > 0, true, 'GELU in the exact erf form');
    const meta = Object.fromEntries(model.metadata_props.map((p) => [p.key, p.value]));
    assert.equal(meta['spin-nas.input_layout'], `NCHW float32 [batch, ${ch}, ${h}, ${w}]`);
    assert.equal(meta['spin-nas.mean'], '[0.286]');
    assert.equal(meta['spin-nas.std'], '[0.353]');
    assert.equal(meta['spin-nas.parameters'], String(costOf(c.arch).params));
  });

  test(`${what}: python3-onnx's checker accepts the file`, { skip: skipPython }, () => {
    const c = cases[i]!;
    const r = checked<OnnxCheck>(python, c.onnx);
    assert.equal(r.problem, null);
    assert.equal(r.ok, true);
    assert.deepEqual(r.opset, [ONNX_OPSET]);
    assert.equal(r.params, costOf(c.arch).params);
    assert.deepEqual([r.inputs, r.outputs], [['input'], ['logits']]);
  });

  test(`${what}: PyTorch loads model.py with the deployed parameter count and the same logits`, { skip: skipPython }, (t) => {
    const c = cases[i]!;
    const r = checked<TorchCheck>(python, c.pytorch);
    assert.equal(r.form, 'deployed');
    assert.equal(r.training_mode, false, 'load() returns the model in eval mode');
    assert.equal(r.params, costOf(c.arch).params);
    close(t, 'PyTorch', r.logits, c.logits);
    if (!c.fused) return;
    const training = checked<TorchCheck>(python, c.training);
    assert.equal(training.form, 'training');
    assert.equal(training.params, costOf(c.arch).trainingParams, 'the training form holds the members and reduction weights');
    close(t, 'PyTorch training form', training.logits, c.logits);
    assert.equal(training.fused!.params, costOf(c.arch).params, 'fuse() gives the deployed model');
    close(t, 'PyTorch fuse()', training.fused!.logits, c.logits);
  });
}

test('the PyTorch folder holds model.py, weights.npz and a README with the sharing plan and how to load it', () => {
  const c = cases[1]!;
  const readme = readFileSync(join(c.pytorch, 'README.md'), 'utf8');
  assert.match(readme, /^# ConvMixer, both shared/);
  assert.match(readme, /- depthwise: 2 weight set\(s\) over 4 blocks: `A B A B`/);
  assert.match(readme, /- pointwise: 1 weight set\(s\) over 4 blocks: `A A A A`/);
  assert.match(readme, /51\.00% validation accuracy/);
  assert.match(readme, /m = model\.load\(\)/);
  const py = readFileSync(join(c.pytorch, 'model.py'), 'utf8');
  assert.match(py, /^def load\(weights_dir=None\):/m);
  assert.match(py, /^SETS = \{"depthwise": \[0, 1, 0, 1\], "pointwise": \[0, 0, 0, 0\]\}$/m);
  assert.doesNotMatch(py, /spin_nas|spin-nas import/);
});
