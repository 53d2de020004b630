// More fuzzing of the loaders than the test suite runs (after `npm run build`):
//   node scripts/fuzz-loaders.mjs [cases per loader, default 2000] [seed, default: time]
// Prints the seed; a failure prints fast-check's counterexample and exits 1.
import { fuzzInputFiles, fuzzRunFile } from '../dist/test/fuzz/loaders.js';

const cases = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
console.log(`fuzzing the loaders: ${cases} cases each, seed ${seed}`);
try {
  await fuzzInputFiles(cases, seed);
  console.log('space and study files: ok');
  await fuzzRunFile(Math.max(1, Math.round(cases / 4)), seed);
  console.log('run.json: ok');
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exit(1);
}
process.exit(0);
