import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, BACKEND_ORDER, initBackend, resolveBackend } from '../../src/backend/index.js';
import { webgpuUsableByAuto } from '../../src/backend/webgpu/index.js';
import { UsageError } from '../../src/errors.js';

test('wasm and cpu are always available, listed in preference order, and auto picks the best available one', () => {
  const available = availableBackends();
  assert.ok(available.includes('wasm') && available.includes('cpu'));
  assert.deepEqual(available, BACKEND_ORDER.filter((b) => available.includes(b)));
  assert.ok(available.indexOf('wasm') < available.indexOf('cpu'), 'wasm is preferred to cpu');
  // webgpu is installed (an optional dependency) but auto takes it only on a hardware adapter.
  assert.equal(resolveBackend('auto'), available.filter((b) => b !== 'webgpu' || webgpuUsableByAuto())[0]);
});

const natives: [string, RegExp][] = [
  ['tensorflow-gpu', /@tensorflow\/tfjs-node-gpu is not installed; .*refused upstream, tfjs issue 8742.*libtensorflow-gpu-linux-x86_64-2\.9\.1\.tar\.gz \(CUDA 11\.2, cuDNN 8\.1\).*README\.md "Training backends and the GPU"/],
  ['tensorflow', /@tensorflow\/tfjs-node is not installed; .*libtensorflow-cpu-linux-x86_64-2\.9\.1\.tar\.gz/],
];
for (const [name, hint] of natives) {
  test(`forcing ${name} resolves to it when installed, otherwise says how to install it`, async () => {
    if (availableBackends().includes(name as never)) {
      assert.equal(resolveBackend(name as 'tensorflow'), name);
    } else {
      await assert.rejects(initBackend(name as 'tensorflow'), (e: unknown) => e instanceof UsageError && hint.test(e.message));
    }
  });
}

test('an unknown backend name lists the valid ones', () => {
  assert.throws(() => resolveBackend('opengl' as never), /unknown backend "opengl"; choose one of auto, webgpu, tensorflow-gpu, tensorflow, native, wasm, cpu$/);
});

test('initBackend makes the chosen backend active', async () => {
  assert.equal(await initBackend('cpu'), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal(await initBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
});

test('a native backend that is installed but does not load is one line saying why and what to do', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { pathToFileURL } = await import('node:url');
  const native = await import('../../src/backend/native.js');
  const dir = mkdtempSync(join(tmpdir(), 'spin-native-'));
  try {
    // What tfjs-node-gpu throws on a machine without CUDA 11.
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, "throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');\n");
    assert.throws(
      () => native.assertNativeUsable('tensorflow-gpu', pathToFileURL(broken).href, true),
      (e: unknown) =>
        e instanceof UsageError &&
        e.exitCode === 2 &&
        !e.message.includes('\n') &&
        /^backend tensorflow-gpu is installed but does not load \(.*libcudart\.so\.11\.0: cannot open shared object file.*\); .*README\.md "Training backends and the GPU"/.test(e.message),
    );
    const fine = join(dir, 'fine.mjs');
    writeFileSync(fine, 'export const ok = true;\n');
    native.assertNativeUsable('tensorflow-gpu', pathToFileURL(fine).href, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
