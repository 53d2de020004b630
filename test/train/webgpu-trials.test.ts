/**
 * Whole trials on webgpu (Dawn; SwiftShader in CI), on the synthetic MNIST-like data: a
 * trained trial's checkpoint feeds a fused child trained on webgpu too, no tensor or GPU
 * buffer outlives a trial, a lost device fails only its trial (with the reason), and a real
 * search with --backend webgpu runs, resumes and exports. Tiny models: SwiftShader compiles
 * each new shader for seconds.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { loseWebgpuDeviceForTest } from '../../src/backend/webgpu/index.js';
import { TrialError } from '../../src/errors.js';
import type { RunDocument } from '../../src/store/index.js';
import { loadCheckpoint, train, type TrainRequest } from '../../src/train/index.js';
import { writeMnistLike } from '../fixtures/data/synthetic.js';
import { repoRoot, runCli, tempDir, webgpuMissing } from '../helpers.js';
import { loadInFreshProcess } from '../report/export-helpers.js';
import { convMixer } from './archs.js';

const skip = webgpuMissing();
const root = tempDir('spin-webgpu-');
const dataDir = skip === false ? writeMnistLike(join(root, 'data'), { train: 200, test: 40 }) : '';

function request(overrides: Partial<TrainRequest> = {}): TrainRequest {
  return {
    trialId: 'g',
    arch: convMixer({ depth: 2, patch: 7 }),
    budget: { epochs: 1, trainSubset: 60, validationSize: 40, batchSize: 20, learningRate: 0.03, schedule: 'cosine' },
    seed: 5,
    backend: 'webgpu',
    data: { dataset: 'fashion-mnist', dir: dataDir },
    ...overrides,
  };
}

/** Tensors alive, and bytes of GPU buffers in use (tfjs-webgpu reuses freed buffers from a pool). */
function usage(): { tensors: number; gpuBytes: number } {
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { tensors: memory.numTensors, gpuBytes: memory.numBytesInGPU ?? -1 };
}

describe('trials on webgpu', { skip }, () => {
  it('saves a checkpoint that a fused child trains from, and leaves no tensor or GPU buffer behind', async () => {
    await initBackend('webgpu');
    const baseline = usage();
    assert.equal(tf.getBackend(), 'webgpu');
    const parent = await train(request({ trialId: 'parent', saveTo: join(root, 'parent') }));
    assert.equal(parent.backend, 'webgpu');
    assert.ok(parent.lossCurve.every(Number.isFinite) && parent.checkpoint !== undefined);
    assert.deepEqual(usage(), baseline, 'after the parent trial');

    const saved = await loadCheckpoint(parent.checkpoint);
    assert.equal(saved.trainableParams, parent.trainableParams);
    saved.model.dispose();

    const child = await train(request({
      trialId: 'child',
      arch: convMixer({ depth: 2, patch: 7, pointwise: [0, 0], init: 'mean' }),
      parentCheckpoint: parent.checkpoint,
      saveTo: join(root, 'child'),
    }));
    assert.ok(child.deployedParams! < child.trainableParams, 'the fused child exports its deployed (shared) model');
    assert.ok(child.lossCurve.every(Number.isFinite));
    assert.deepEqual(usage(), baseline, 'after the fused child');
    const deployed = await loadCheckpoint(child.checkpoint!);
    assert.equal(deployed.trainableParams, child.deployedParams);
    deployed.model.dispose();
  });

  it('fails a trial whose device is lost with the reason, and trains the next one on a new device', async () => {
    await initBackend('webgpu');
    const before = usage().tensors;
    await assert.rejects(
      train(request({ trialId: 'lost' }), { onProgress: (p) => p.step === 1 && loseWebgpuDeviceForTest() }),
      (e: unknown) => e instanceof TrialError && /^trial lost failed: the GPU device was lost \(destroyed: .+\)$/.test(e.message),
    );
    const next = await train(request({ trialId: 'next' }));
    assert.ok(Number.isFinite(next.valLoss) && next.backend === 'webgpu');
    assert.equal(usage().tensors, before, 'the lost trial released its tensors too');
  });

  it('runs a real search with --backend webgpu, resumes it, and exports a webgpu-trained trial', async () => {
    const spaceFile = join(root, 'space.json');
    const space = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/spaces/tiny-convmixer.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    space['backbone'] = { family: 'convmixer', width: [8], depth: [2], patch: [7], kernel: [3] };
    space['sharing']!['init'] = ['scratch'];
    writeFileSync(spaceFile, JSON.stringify(space));
    const runs = join(root, 'runs');
    const search = (trials: string) => runCli(['search', spaceFile, '--name', 'g', '--runs-dir', runs, '--trials', trials, '--workers', '1',
      '--backend', 'webgpu', '--seed', '3', '--data-dir', dataDir, '--budget', 'epochs=1,trainSubset=60,validationSize=40', '--keep-weights', 'all']);
    const first = await search('1');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^spin-nas: note: backend webgpu runs on a software adapter|^$/);
    const resumed = await search('2');
    assert.equal(resumed.code, 0, resumed.stderr);
    const doc = JSON.parse(readFileSync(join(runs, 'g', 'run.json'), 'utf8')) as RunDocument;
    assert.equal(doc.trials.length, 2, 'the resumed run trained one more trial');
    assert.ok(doc.trials.every((t) => t.state === 'done' && t.worker?.backend === 'webgpu'), JSON.stringify(doc.trials.map((t) => [t.state, t.worker])));
    const last = doc.trials.at(-1)!;
    const out = join(root, 'exported');
    const exported = await runCli(['export', join(runs, 'g'), '--trial', last.id, '--out', out]);
    assert.equal(exported.code, 0, exported.stderr);
    const loaded = loadInFreshProcess(out);
    assert.ok(!('error' in loaded), JSON.stringify(loaded));
    assert.equal(loaded.params, last.cost.params);
    assert.ok(loaded.out.length === 20 && loaded.out.every(Number.isFinite));
  });
});
