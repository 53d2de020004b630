import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, BACKEND_ORDER, initBackend, resolveBackend } from '../../src/backend/index.js';
import { UsageError } from '../../src/errors.js';

test('wasm and cpu are always available, listed in preference order, and auto picks the best available one', () => {
  const available = availableBackends();
  assert.ok(available.includes('wasm') && available.includes('cpu'));
  assert.deepEqual(available, BACKEND_ORDER.filter((b) => available.includes(b)));
  assert.ok(available.indexOf('wasm') < available.indexOf('cpu'), 'wasm is preferred to cpu');
  assert.equal(resolveBackend('auto'), available[0]);
});

const natives: [string, RegExp][] = [
  ['tensorflow-gpu', /npm install @tensorflow\/tfjs-node-gpu@4\.22\.0.*CUDA/],
  ['tensorflow', /npm install @tensorflow\/tfjs-node@4\.22\.0/],
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
  assert.throws(() => resolveBackend('webgpu' as never), /unknown backend "webgpu"; choose one of auto, tensorflow-gpu/);
});

test('initBackend makes the chosen backend active', async () => {
  assert.equal(await initBackend('cpu'), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal(await initBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
});
