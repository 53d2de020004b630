import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { costOf } from '../../src/arch/index.js';
import type { ArchSpec } from '../../src/arch/types.js';
import { exportTrialModel } from '../../src/report/export.js';
import type { RunSnapshot, TrialRecord } from '../../src/store/types.js';
import { customLayerClasses, toStandardModel } from '../../src/train/export/standard.js';
import { buildModel, exportDeployed, saveModel, type TrainableModel } from '../../src/train/index.js';
import { convMixer, identity, sequential, vit } from '../train/archs.js';
import { loadInFreshProcess, maxDiff, outputs, probe, randomise } from './export-helpers.js';

let root = '';
before(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'spin-nas-export-standard-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const strided = (d: number, s: number): number[] => Array.from({ length: d }, (_, i) => i % s);
const cases: [string, ArchSpec][] = [
  ['an unshared ConvMixer', convMixer({ depth: 3 })],
  ['pointwise shared in sequential pairs, with pointwise residuals', convMixer({ depth: 4, pointwise: sequential(4, 2), pointwiseResidual: true })],
  ['both components shared, strided, kernel 5', convMixer({ depth: 4, kernel: 5, width: 12, depthwise: strided(4, 2), pointwise: [0, 0, 0, 0] })],
  ['a weight-fusion model (channel-weighted mean) once reduced', convMixer({ depth: 4, pointwise: sequential(4, 2), depthwise: strided(4, 2), init: 'channel_weighted_mean' })],
];

function trained(arch: ArchSpec, seed: number): TrainableModel {
  const built = buildModel(arch, { seed });
  randomise(built.model, seed);
  if (!built.fused) return built;
  const deployed = exportDeployed(built, seed);
  built.model.dispose();
  return deployed;
}

for (const [what, arch] of cases) {
  test(`${what} is rebuilt from standard layers with the same outputs and the cost model's parameters`, () => {
    const source = trained(arch, 11);
    const standard = toStandardModel(source)!;
    const x = probe(arch.inputShape);
    try {
      assert.deepEqual(customLayerClasses(source.model).length > 0, true, 'the trained model uses spin-nas layers');
      assert.deepEqual(customLayerClasses(standard.model), []);
      const want = outputs(source.model, x);
      const got = outputs(standard.model, x);
      const scale = Math.max(1, ...want.map(Math.abs));
      assert.ok(maxDiff(want, got) <= 1e-5 * scale, `max difference ${maxDiff(want, got)} (logits up to ${scale})`);
      assert.equal(standard.trainableParams, costOf(arch).params);
      const sets = (c: 'depthwise' | 'pointwise') => new Set(arch.sharing.assignment[c] ?? identity(arch.depth)).size;
      assert.equal(standard.model.layers.filter((l) => l.getClassName() === 'DepthwiseConv2D').length, sets('depthwise'));
      assert.equal(standard.model.layers.filter((l) => l.name.startsWith('pointwise_s')).length, sets('pointwise'));
    } finally {
      x.dispose();
      source.model.dispose();
      standard.model.dispose();
    }
  });
}

test('a ViT has no standard form: toStandardModel returns null', () => {
  const source = buildModel(vit(), { seed: 1 });
  assert.equal(toStandardModel(source), null);
  source.model.dispose();
});

/** A one-trial run whose trial's checkpoint is `model` (saved as training leaves it). */
async function runWith(name: string, model: TrainableModel): Promise<RunSnapshot> {
  const dir = join(root, 'runs', name);
  await saveModel(model, join(dir, 'checkpoints', 'trials', 't0000-r0'));
  const trial = {
    id: 't0000-r0', number: 0, rung: 0, state: 'done', hash: model.arch.hash, seed: 3, label: model.arch.label,
    result: { checkpoint: 'checkpoints/trials/t0000-r0' },
  } as unknown as TrialRecord;
  return { dir, name, trials: [trial], frontier: [trial.id] } as unknown as RunSnapshot;
}

test('an exported fused ConvMixer loads in a fresh process importing only @tensorflow/tfjs, with the deployed parameter count and the same outputs', async () => {
  const arch = convMixer({ depth: 4, width: 16, pointwise: sequential(4, 2), init: 'mean', hash: 'hfused', label: 'fused test' });
  const fused = buildModel(arch, { seed: 5 });
  randomise(fused.model, 5);
  const x = probe(arch.inputShape);
  const want = outputs(fused.model, x);
  x.dispose();
  const snapshot = await runWith('fused', fused);
  fused.model.dispose();
  const out = join(root, 'exported', 'fused');
  const summary = await exportTrialModel(snapshot, 't0000-r0', out);
  assert.equal(summary.reduced, true);
  assert.deepEqual(summary.customLayers, []);
  assert.equal(summary.params, costOf(arch).params);
  const json = await readFile(join(out, 'model.json'), 'utf8');
  assert.doesNotMatch(json, /Spin(Pointwise|Depthwise|Attention|Mlp)/);
  const loaded = loadInFreshProcess(out);
  assert.ok(!('error' in loaded), JSON.stringify(loaded));
  assert.equal(loaded.params, costOf(arch).params);
  const scale = Math.max(1, ...want.map(Math.abs));
  assert.ok(maxDiff(loaded.out, want) <= 1e-5 * scale, `max difference ${maxDiff(loaded.out, want)}`);
});

test('a ViT export keeps the spin-nas layer classes, says what to import, and loads once that module is imported', async () => {
  const arch = vit({ hash: 'hvit', label: 'vit test' });
  const model = buildModel(arch, { seed: 2 });
  randomise(model.model, 2);
  const x = probe(arch.inputShape);
  const want = outputs(model.model, x);
  x.dispose();
  const snapshot = await runWith('vit', model);
  model.model.dispose();
  const out = join(root, 'exported', 'vit');
  const summary = await exportTrialModel(snapshot, 't0000-r0', out);
  assert.deepEqual(summary.customLayers, ['SpinAttention', 'SpinMlp', 'SpinPositionEmbedding']);
  const meta = (JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as { userDefinedMetadata: { loadWith: string } }).userDefinedMetadata;
  assert.match(meta.loadWith, /import 'spin-nas\/layers' \(registers SpinAttention, SpinMlp, SpinPositionEmbedding\)/);
  const plain = loadInFreshProcess(out);
  assert.ok('error' in plain && /SpinPositionEmbedding|SpinAttention/.test(plain.error), JSON.stringify(plain));
  const layers = fileURLToPath(new URL('../../src/train/model/layers.js', import.meta.url));
  assert.ok(existsSync(layers), `${layers} is built (run the compiled tests: npx tsc -p . && node scripts/run-tests.mjs)`);
  const withLayers = loadInFreshProcess(out, [layers]);
  assert.ok(!('error' in withLayers), JSON.stringify(withLayers));
  assert.equal(withLayers.params, costOf(arch).params);
  assert.ok(maxDiff(withLayers.out, want) <= 1e-5 * Math.max(1, ...want.map(Math.abs)));
});
