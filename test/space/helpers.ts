/** Shared helpers of the space and arch tests: the repository root and small spaces. */
import { join } from 'node:path';
import { parseSpace } from '../../src/space/index.js';
import type { SearchSpace } from '../../src/space/index.js';

import { repoRoot } from '../helpers.js';

export { repoRoot };

export const fixture = (...parts: string[]) => join(repoRoot, 'test', 'fixtures', 'spaces', ...parts);

type Overrides = {
  backbone?: Partial<SearchSpace['backbone']>;
  sharing?: Partial<SearchSpace['sharing']>;
  dataset?: Partial<SearchSpace['dataset']>;
};

/** A small valid ConvMixer space (as JSON), with overrides applied, parsed. */
export function convSpace(o: Overrides = {}): SearchSpace {
  return parseSpace(
    {
      name: 'test-conv',
      backbone: { family: 'convmixer', width: [8, 16], depth: [4, 6], patch: [2, 7], kernel: [3], ...o.backbone },
      dataset: { name: 'fashion-mnist', inputShape: [28, 28, 1], classes: 10, ...o.dataset },
      sharing: {
        components: [[], ['pointwise'], ['depthwise', 'pointwise']],
        shareRate: [1, 2, 3],
        distribution: ['uniform', 'front', 'back'],
        mapping: ['sequential', 'strided', 'random'],
        init: ['scratch', 'mean'],
        randomSeeds: 2,
        ...o.sharing,
      },
      objectives: [{ metric: 'accuracy', direction: 'maximize' }],
      budget: { epochs: 1, trainSubset: 100, validationSize: 50, batchSize: 10, learningRate: 0.01, schedule: 'constant' },
    },
    '<inline>',
  );
}

/** A small valid ViT space, parsed. */
export function vitSpace(o: Overrides = {}): SearchSpace {
  return parseSpace(
    {
      name: 'test-vit',
      backbone: { family: 'vit', width: [8, 12], depth: [2, 4], patch: [7], heads: [2, 4], mlpRatio: [2], ...o.backbone },
      dataset: { name: 'fashion-mnist', inputShape: [28, 28, 1], classes: 10, ...o.dataset },
      sharing: {
        components: [[], ['attention'], ['mlp'], ['attention', 'mlp']],
        shareRate: [1, 2],
        distribution: ['uniform', 'back', [1, 3]],
        mapping: ['sequential', 'strided', 'random'],
        init: ['scratch', 'scalar_weighted_mean'],
        randomSeeds: 2,
        ...o.sharing,
      },
      objectives: [{ metric: 'accuracy', direction: 'maximize' }],
      budget: { epochs: 1, trainSubset: 100, validationSize: 50, batchSize: 10, learningRate: 0.01, schedule: 'constant' },
    },
    '<inline>',
  );
}
