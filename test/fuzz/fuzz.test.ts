/** The loaders fuzzed with fixed seeds: a few hundred cases here, more with scripts/fuzz-loaders.mjs. */
import { test } from 'node:test';
import { fuzzInputFiles, fuzzRunFile } from './loaders.js';

test('mutated run.json files: status and search --resume succeed or refuse with exit 2, a refusal touches nothing, nothing outside the run changes', async () => {
  await fuzzRunFile(120, 24);
});

test('mutated space and study files load or are refused with exit 2, never an internal error', async () => {
  await fuzzInputFiles(100, 24);
});
