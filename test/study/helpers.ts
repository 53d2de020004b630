import { fileURLToPath } from 'node:url';

/** A path in the repository (tests run from dist/test/study/). */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
}
