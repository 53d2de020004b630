/** Datasets: readers (IDX, CIFAR-10), the known datasets, seeded splits and batches. */
export { readIdx, encodeIdx, readMaybeGzip, type IdxArray } from './idx.js';
export { readCifarBatch, CIFAR_RECORD, type LabelledImages } from './cifar.js';
export { loadDataset, checkDataset, clearDatasetCache, defaultDataDir, DATASETS, type Dataset } from './datasets.js';
export { splitTraining, normaliseBatch, range, type Split } from './split.js';
export { DATASET_FACTS, type DatasetFacts } from './catalog.js';
export { prepareOwnDataset, cachedOwnDataset, DataError, type PreparedDataset, type PreparedManifest } from './own/index.js';
export { isPrepared } from './datasets.js';
