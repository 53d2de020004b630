import type { RunConfig } from '../../src/store/index.js';
import type { SearchSpace } from '../../src/space/types.js';

export const budget = { epochs: 1, trainSubset: 100, validationSize: 50, batchSize: 10, learningRate: 0.01, schedule: 'constant' as const };

export function fakeSpace(overrides: Partial<SearchSpace> = {}): SearchSpace {
  return {
    file: 'space.json',
    name: 'tiny',
    backbone: { family: 'convmixer', width: [16], depth: [2], patch: [2], kernel: [3] },
    dataset: { name: 'fashion-mnist', inputShape: [28, 28, 1], classes: 10 },
    sharing: { components: [[]], shareRate: [1], distribution: ['uniform'], mapping: ['sequential'], init: ['scratch'] },
    constraints: {},
    objectives: [{ metric: 'accuracy', direction: 'maximize' }],
    budget,
    ...overrides,
  };
}

export function fakeConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    strategy: 'random',
    seed: 1,
    trials: 4,
    workers: 1,
    backend: 'cpu',
    trainer: 'synthetic',
    dataDir: '/nowhere',
    rungs: [budget],
    eta: 3,
    scales: [{ name: 'accuracy', direction: 'maximize', scale: 1 }],
    ...overrides,
  };
}

export function openOptions(dir: string, overrides: Record<string, unknown> = {}) {
  return {
    dir,
    name: 'tiny',
    space: fakeSpace(),
    config: fakeConfig(),
    reference: [1.1],
    normalisation: 'test',
    ...overrides,
  };
}
