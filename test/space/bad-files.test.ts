import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { loadSpace } from '../../src/space/index.js';
import { InputFileError } from '../../src/errors.js';
import { fixture } from './helpers.js';

/** Each malformed file under test/fixtures/spaces/bad/: the field, the value shown and what the fix says. */
const cases: Record<string, { field: string; value: string; says: RegExp }> = {
  'empty.json': { field: '(top level)', value: '"\\n  \\n"', says: /is empty.*write a JSON object/ },
  'invalid-json.json': { field: '(top level)', value: '"   \\"classes\\": 10,\\n  }', says: /not valid JSON at line 30, column 3.*no trailing commas/ },
  'wrong-type-width.json': { field: 'backbone.width[1]', value: '"16"', says: /must be an integer.*positive integer/ },
  'wrong-type-sharing.json': { field: 'sharing', value: '"pointwise"', says: /must be an object/ },
  'unknown-top-level-key.json': { field: 'sharng', value: '{"components"', says: /unknown key.*did you mean "sharing"\?/ },
  'unknown-nested-key.json': { field: 'backbone.widht', value: '[8,16]', says: /unknown key.*did you mean "width"\?/ },
  'unknown-rung-key.json': { field: 'budget.rungs[1].trainsubset', value: '2000', says: /did you mean "trainSubset"\?/ },
  'empty-depth-choices.json': { field: 'backbone.depth', value: '[]', says: /is an empty list.*non-empty list/ },
  'zero-width.json': { field: 'backbone.width[0]', value: '0', says: /positive integer/ },
  'negative-depth.json': { field: 'backbone.depth[1]', value: '-2', says: /positive integer/ },
  'negative-learning-rate.json': { field: 'budget.learningRate', value: '-0.01', says: /positive number/ },
  'input-shape-two-dims.json': { field: 'dataset.inputShape', value: '[28,28]', says: /\[height, width, channels\]/ },
  'unknown-mapping.json': { field: 'sharing.mapping[1]', value: '"diagonal"', says: /allowed: "sequential", "strided", "random"/ },
  'unknown-init.json': { field: 'sharing.init[1]', value: '"average"', says: /allowed: "scratch", "mean", "choose_first"/ },
  'unknown-family.json': { field: 'backbone.family', value: '"resnet"', says: /allowed: "convmixer", "vit"/ },
  'unknown-distribution.json': { field: 'sharing.distribution[1]', value: '"middle"', says: /"uniform", "front", "back", or a list of positive group sizes/ },
  'custom-group-size-zero.json': { field: 'sharing.distribution[1][1]', value: '0', says: /positive integer/ },
  'share-rate-divides-no-depth.json': { field: 'sharing.shareRate[2]', value: '3', says: /must divide an allowed depth \(2, 4\)/ },
  'custom-groups-sum-to-no-depth.json': { field: 'sharing.distribution[1]', value: '[2,3]', says: /sums to 5.*must sum to an allowed depth \(2, 4\)/ },
  'patch-larger-than-image.json': { field: 'backbone.patch[1]', value: '56', says: /larger than the image.*allowed: 1, 2, 4, 7, 14, 28/ },
  'patch-not-dividing-image.json': { field: 'backbone.patch[1]', value: '3', says: /does not divide the image.*28x28/ },
  'vit-heads-divide-no-width.json': { field: 'backbone.heads[1]', value: '3', says: /divides no width.*8, 16/ },
  'fusion-with-nothing-shared.json': { field: 'sharing.init[1]', value: '"mean"', says: /fuses nothing.*add a non-empty choice to sharing.components/ },
  'duplicate-width-choices.json': { field: 'backbone.width', value: '[8,16,8]', says: /lists a choice twice.*remove the duplicate/ },
  'duplicate-component-sets.json': { field: 'sharing.components[2]', value: '["depthwise","pointwise"]', says: /same set as sharing.components\[1\]/ },
  'unknown-objective.json': { field: 'objectives[1].metric', value: '"latency"', says: /allowed: "accuracy", "params", "flops"/ },
  'duplicate-objective.json': { field: 'objectives[2].metric', value: '"accuracy"', says: /duplicate objective.*already objectives\[0\]/ },
  'missing-budget.json': { field: 'budget', value: 'nothing', says: /is required.*add it: default proxy training budget/ },
  'component-of-other-family.json': { field: 'sharing.components[1][0]', value: '"attention"', says: /convmixer components are "depthwise", "pointwise"/ },
  'convmixer-with-heads.json': { field: 'backbone.heads', value: '[2]', says: /not an option of the convmixer family/ },
};

test('every malformed fixture file has an expectation (and there are at least 15)', () => {
  const files = readdirSync(fixture('bad')).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, Object.keys(cases).sort());
  assert.ok(files.length >= 15);
});

for (const [name, expected] of Object.entries(cases)) {
  test(`${name} is rejected with the file, field ${expected.field}, the value and the fix`, () => {
    const file = fixture('bad', name);
    assert.throws(
      () => loadSpace(file),
      (e: unknown) => {
        assert.ok(e instanceof InputFileError, `not an InputFileError: ${String(e)}`);
        assert.ok(e.message.startsWith(`${file}: field ${expected.field} `), e.message);
        assert.ok(e.message.includes(`got ${expected.value}`), e.message);
        assert.match(e.message, expected.says);
        assert.equal(e.exitCode, 2);
        return true;
      },
    );
  });
}
