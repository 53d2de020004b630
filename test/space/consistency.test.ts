/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the cases edit untyped JSON documents by path */
/**
 * Every consistency rule a schema cannot state (checks.ts, feasibility.ts), one case or more
 * each: the field named, the value shown, the fix said.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOf, toArchSpec } from '../../src/arch/index.js';
import { InputFileError } from '../../src/errors.js';
import { geneCardinalities, isValid, parseSpace, smallestCost } from '../../src/space/index.js';
import { product } from '../../src/space/canonical.js';
import { fullConvSpaceJson, fullVitSpaceJson } from './full-spaces.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON mutated by path

const rules: { rule: string; base?: () => Doc; mutate(d: Doc): void; field: string; says: RegExp }[] = [
  { rule: 'a ConvMixer needs kernel choices', mutate: (d) => delete d.backbone.kernel, field: 'backbone.kernel', says: /is required.*needs kernel/ },
  { rule: 'a ViT needs heads', base: fullVitSpaceJson, mutate: (d) => delete d.backbone.heads, field: 'backbone.heads', says: /needs heads/ },
  { rule: 'a ViT needs mlpRatio', base: fullVitSpaceJson, mutate: (d) => delete d.backbone.mlpRatio, field: 'backbone.mlpRatio', says: /needs mlpRatio/ },
  { rule: 'no heads on a ConvMixer', mutate: (d) => (d.backbone.heads = [2]), field: 'backbone.heads', says: /not an option of the convmixer family/ },
  { rule: 'no mlpRatio on a ConvMixer', mutate: (d) => (d.backbone.mlpRatio = [2]), field: 'backbone.mlpRatio', says: /not an option/ },
  { rule: 'no kernel on a ViT', base: fullVitSpaceJson, mutate: (d) => (d.backbone.kernel = [3]), field: 'backbone.kernel', says: /not an option of the vit family/ },
  { rule: 'no pointwiseResidual on a ViT', base: fullVitSpaceJson, mutate: (d) => (d.backbone.pointwiseResidual = true), field: 'backbone.pointwiseResidual', says: /not an option/ },
  { rule: 'a patch larger than the image', mutate: (d) => (d.backbone.patch = [4, 56]), field: 'backbone.patch[1]', says: /larger than the image/ },
  { rule: 'a patch that does not divide the image', mutate: (d) => (d.backbone.patch = [3]), field: 'backbone.patch[0]', says: /does not divide.*allowed: 1, 2, 4, 7, 14, 28/ },
  { rule: 'heads that divide no width', base: fullVitSpaceJson, mutate: (d) => (d.backbone.heads = [2, 3]), field: 'backbone.heads[1]', says: /divides no width/ },
  { rule: 'a component of the other family', mutate: (d) => (d.sharing.components = [['attention']]), field: 'sharing.components[0][0]', says: /convmixer components are/ },
  { rule: 'the same component set twice (in another order)', mutate: (d) => (d.sharing.components = [['depthwise', 'pointwise'], ['pointwise', 'depthwise']]), field: 'sharing.components[1]', says: /same set as sharing.components\[0\]/ },
  { rule: 'a share rate that fits no depth', mutate: (d) => (d.sharing.shareRate = [1, 3]), field: 'sharing.shareRate[1]', says: /must divide an allowed depth \(2, 4\)/ },
  { rule: 'a share rate above every depth (front/back)', mutate: (d) => (d.sharing.distribution = ['front'], d.sharing.shareRate = [1, 5]), field: 'sharing.shareRate[1]', says: /at most the largest depth/ },
  { rule: 'custom groups that sum to no depth', mutate: (d) => (d.sharing.distribution = [[1, 2]]), field: 'sharing.distribution[0]', says: /sums to 3/ },
  { rule: 'fusion with no component shared', mutate: (d) => (d.sharing.components = [[]]), field: 'sharing.init[1]', says: /fuses nothing.*shared component/ },
  { rule: 'fusion with no group above one layer', mutate: (d) => ((d.sharing.shareRate = [1]), (d.sharing.distribution = ['uniform'])), field: 'sharing.init[1]', says: /fuses nothing.*share rate above 1/ },
  { rule: 'an objective twice', mutate: (d) => d.objectives.push({ metric: 'accuracy', direction: 'maximize' }), field: 'objectives[2].metric', says: /duplicate objective/ },
  { rule: 'an objective pointing the wrong way', mutate: (d) => (d.objectives[1].direction = 'maximize'), field: 'objectives[1].direction', says: /points the wrong way.*"minimize"/ },
  { rule: 'an unknown dataset', mutate: (d) => (d.dataset.name = 'imagenet'), field: 'dataset.name', says: /not a dataset spin-nas knows.*"fashion-mnist", "mnist", "cifar10"/ },
  { rule: 'an image shape the dataset does not have', mutate: (d) => (d.dataset.inputShape = [32, 32, 3]), field: 'dataset.inputShape', says: /fashion-mnist images are \[28,28,1\]/ },
  { rule: 'a class count the dataset does not have', mutate: (d) => (d.dataset.classes = 100), field: 'dataset.classes', says: /fashion-mnist has 10 classes/ },
  { rule: 'a validation set as large as the dataset', mutate: (d) => { delete d.budget.rungs; d.budget.validationSize = 60000; }, field: 'budget.validationSize', says: /larger than the dataset.*60000 training images/ },
  { rule: 'a training subset larger than the dataset', mutate: (d) => { delete d.budget.rungs; d.budget.trainSubset = 59600; }, field: 'budget.trainSubset', says: /use at most 59500/ },
  { rule: 'a rung subset larger than the dataset', mutate: (d) => (d.budget.rungs[1].trainSubset = 100000), field: 'budget.rungs[1].trainSubset', says: /larger than the dataset/ },
  { rule: 'a rung validation set larger than the dataset', mutate: (d) => (d.budget.rungs[0].validationSize = 70000), field: 'budget.rungs[0].validationSize', says: /larger than the dataset/ },
  { rule: 'a CIFAR-10 subset over its 50000 images', mutate: (d) => { d.dataset = { name: 'cifar10', inputShape: [32, 32, 3], classes: 10 }; d.backbone.patch = [4]; delete d.budget.rungs; d.budget.trainSubset = 50000; }, field: 'budget.trainSubset', says: /cifar10 has 50000 training images/ },
  { rule: 'rungs with equal budgets', mutate: (d) => (d.budget.rungs = [{ trainSubset: 3000 }, { trainSubset: 3000 }]), field: 'budget.rungs[1]', says: /no more than the rung before.*raise trainSubset or epochs/ },
  { rule: 'rungs that shrink', mutate: (d) => (d.budget.rungs = [{ trainSubset: 3000, maxSteps: 1000 }, { trainSubset: 2000 }]), field: 'budget.rungs[1]', says: /trains on 2000 images/ },
  { rule: 'rungs whose growth maxSteps cancels', mutate: (d) => (d.budget.rungs = [{ trainSubset: 3000 }, { trainSubset: 6000, maxSteps: 50 }]), field: 'budget.rungs[1]', says: /trains on 1600 images/ },
  { rule: 'rungs that grow by epochs only are fine, but not when they fall back', mutate: (d) => (d.budget.rungs = [{ epochs: 2 }, { epochs: 3 }, { epochs: 1 }]), field: 'budget.rungs[2]', says: /no more than the rung before/ },
  { rule: 'too many backbone combinations to index', mutate: (d) => { d.backbone.width = Array.from({ length: 64 }, (_, i) => i + 1); d.backbone.kernel = Array.from({ length: 63 }, (_, i) => i + 1); d.backbone.patch = [1, 2, 4, 7, 14, 28]; }, field: 'backbone', says: /too many combinations.*at most 20000/ },
  { rule: 'too many sharing combinations to index', mutate: (d) => { d.backbone.depth = [64]; d.sharing.shareRate = Array.from({ length: 64 }, (_, i) => i + 1); d.sharing.distribution = ['uniform', 'front', 'back']; d.sharing.mapping = ['sequential', 'strided', 'random']; d.sharing.init = ['scratch', 'mean', 'choose_first']; d.sharing.randomSeeds = 100; }, field: 'sharing', says: /too many combinations/ },
  { rule: 'a parameter limit below every architecture', mutate: (d) => (d.constraints = { maxParams: 10 }), field: 'constraints.maxParams', says: /excludes every architecture.*smallest architecture of this space has \d+ params/ },
  { rule: 'a FLOP limit below every architecture', mutate: (d) => (d.constraints = { maxFlops: 10 }), field: 'constraints.maxFlops', says: /excludes every architecture.*cheapest needs \d+ FLOPs/ },
];

for (const r of rules) {
  test(`consistency: ${r.rule} is rejected at ${r.field}`, () => {
    const doc = (r.base ?? fullConvSpaceJson)();
    r.mutate(doc);
    assert.throws(
      () => parseSpace(doc, 'space.json'),
      (e: unknown) => {
        assert.ok(e instanceof InputFileError, String(e));
        assert.equal(e.field, r.field, e.message);
        assert.match(e.message, r.says);
        assert.ok(e.message.startsWith(`space.json: field ${r.field} `) && e.message.includes('got '), e.message);
        assert.equal(e.exitCode, 2);
        return true;
      },
    );
  });
}

/** Every valid genome's cost, by brute force over the whole genome grid. */
function bruteForce(doc: Doc): { params: number; flops: number; pairs: [number, number][] } {
  const space = parseSpace(doc, 'space.json');
  const pairs: [number, number][] = [];
  for (const g of product(geneCardinalities(space))) {
    if (!isValid(space, g)) continue;
    const c = costOf(toArchSpec(space, g));
    pairs.push([c.params, c.flops]);
  }
  return { params: Math.min(...pairs.map((p) => p[0])), flops: Math.min(...pairs.map((p) => p[1])), pairs };
}

test('the smallest cost a constraint message gives is exact (brute force over every genome)', () => {
  for (const base of [fullConvSpaceJson, fullVitSpaceJson]) {
    const doc = base();
    doc.constraints = {};
    const exact = bruteForce(doc);
    const found = smallestCost(parseSpace(doc, 'space.json'));
    assert.equal(found.params, exact.params);
    assert.equal(found.flops, exact.flops);
    doc.constraints = { maxParams: exact.params - 1 };
    assert.throws(() => parseSpace(doc, 'space.json'), new RegExp(`has ${exact.params} params`));
    doc.constraints = { maxParams: exact.params };
    parseSpace(doc, 'space.json');
  }
});

test('constraints that each admit an architecture but together admit none are rejected', () => {
  const doc = fullConvSpaceJson();
  const { pairs } = bruteForce({ ...doc, constraints: {} });
  // The cheapest-in-FLOPs architecture and the smallest-in-params one differ: a limit at
  // each one's own minimum, chosen so that no architecture meets both.
  const minParams = Math.min(...pairs.map((p) => p[0]));
  const minFlops = Math.min(...pairs.map((p) => p[1]));
  const both = pairs.some(([p, f]) => p <= minParams && f <= minFlops);
  if (both) {
    // The smallest is also the cheapest in this space: then the joint limit admits it.
    doc.constraints = { maxParams: minParams, maxFlops: minFlops };
    parseSpace(doc, 'space.json');
    return;
  }
  doc.constraints = { maxParams: minParams, maxFlops: minFlops };
  assert.throws(() => parseSpace(doc, 'space.json'), (e: unknown) => e instanceof InputFileError && e.field === 'constraints' && /excludes every architecture/.test(e.message));
});
