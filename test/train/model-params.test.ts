import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { costOf, parentArch, toArchSpec } from '../../src/arch/index.js';
import { initBackend } from '../../src/backend/index.js';
import { loadSpace, sampleGenome } from '../../src/space/index.js';
import { buildModel } from '../../src/train/index.js';
import { exportDeployed } from '../../src/train/fusion/index.js';
import { makeRng } from '../../src/util/random.js';

const SPACES = ['search-spaces/convmixer-fmnist.json', 'search-spaces/vit-fmnist.json', 'search-spaces/convmixer-cifar10.json'];
const SAMPLES = 20;
const initsSeen = new Set<string>();

await initBackend('cpu');

for (const file of SPACES) {
  test(`built models have exactly the cost model's trainable and deployed parameters across ${SAMPLES} samples of ${file}`, () => {
    const space = loadSpace(file);
    const rng = makeRng(42);
    for (let i = 0; i < SAMPLES; i++) {
      const arch = toArchSpec(space, sampleGenome(space, rng));
      const cost = costOf(arch);
      const before = tf.memory().numTensors;
      const built = buildModel(arch, { seed: i });
      assert.equal(built.trainableParams, cost.trainingParams, `training params of ${arch.label}`);
      if (built.fused) {
        initsSeen.add(arch.init);
        const deployed = exportDeployed(built);
        assert.equal(deployed.trainableParams, cost.params, `deployed params of ${arch.label}`);
        deployed.model.dispose();
      } else {
        assert.equal(built.trainableParams, cost.params, `params of ${arch.label}`);
      }
      const parent = buildModel(parentArch(arch), { seed: i });
      assert.equal(parent.trainableParams, costOf(parentArch(arch)).params);
      built.model.dispose();
      parent.model.dispose();
      assert.equal(tf.memory().numTensors, before);
    }
  });
}

test('the sampled architectures include fused ones with learnable reduction weights', () => {
  assert.ok(initsSeen.size >= 2, `fusion reductions seen: ${[...initsSeen].join(', ')}`);
});
