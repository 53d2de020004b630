/** Your own data (a space's dataset.source): image folders, NumPy arrays, IDX files. */
export { prepareOwnDataset, cachedOwnDataset, CACHE_FOLDER, DEFAULT_TEST_FRACTION, type PreparedDataset } from './prepare.js';
export { ownDataProblem, readPrepared, readPreparedManifest, PREPARED_FILE, type PreparedManifest } from './prepared.js';
export { DataError } from './problem.js';
export { parseNpy, parseNpz, type NpyArray } from './npy.js';
export { decodeImage, toInputShape, type ResizePolicy } from './images.js';
