/** Valid spaces (as JSON) that state every optional field, for tests that mutate one field at a time. */
type Doc = Record<string, unknown>;

export function fullConvSpaceJson(): Doc {
  return {
    $schema: '../schema/search-space.schema.json',
    name: 'full-conv',
    description: 'every field stated',
    backbone: { family: 'convmixer', width: [8, 16], depth: [2, 4], patch: [4, 7], kernel: [3, 5], pointwiseResidual: false },
    dataset: { name: 'fashion-mnist', inputShape: [28, 28, 1], classes: 10 },
    sharing: {
      components: [['pointwise'], ['depthwise', 'pointwise']],
      shareRate: [1, 2],
      distribution: ['uniform', [1, 1]],
      mapping: ['sequential', 'strided'],
      init: ['scratch', 'mean'],
      randomSeeds: 2,
    },
    constraints: { maxParams: 1e9, maxFlops: 1e12 },
    objectives: [{ metric: 'accuracy', direction: 'maximize' }, { metric: 'params', direction: 'minimize' }],
    budget: {
      epochs: 1, trainSubset: 1000, validationSize: 500, batchSize: 32, learningRate: 0.01, schedule: 'constant', maxSteps: 1000,
      rungs: [{ epochs: 1, trainSubset: 1000, validationSize: 500, batchSize: 32, learningRate: 0.01, schedule: 'constant', maxSteps: 1000 }, { trainSubset: 4000, maxSteps: 5000 }],
    },
  };
}

export function fullVitSpaceJson(): Doc {
  const doc = fullConvSpaceJson();
  doc['name'] = 'full-vit';
  doc['backbone'] = { family: 'vit', width: [8, 16], depth: [2, 4], patch: [7], heads: [2, 4], mlpRatio: [2, 4] };
  (doc['sharing'] as Doc)['components'] = [['attention'], ['attention', 'mlp']];
  return doc;
}

/** The ConvMixer space over your own data, with every field of dataset.source stated (parsing reads no files). */
export function fullOwnDataSpaceJson(): Doc {
  const doc = fullConvSpaceJson();
  doc['name'] = 'full-own-data';
  doc['dataset'] = {
    name: 'my-images',
    inputShape: [28, 28, 1],
    classes: 3,
    source: {
      format: 'image-folder',
      train: 'images/train',
      test: 'images/test',
      trainImages: 'x.npy',
      trainLabels: 'y.npy',
      testImages: 'x_test.npy',
      testLabels: 'y_test.npy',
      file: 'data.npz',
      keys: { trainImages: 'x', trainLabels: 'y', testImages: 'xt', testLabels: 'yt' },
      testFraction: 0.2,
      resize: 'nearest',
    },
  };
  return doc;
}
