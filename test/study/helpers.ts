import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

/** A path in the repository. */
export function repoPath(relative: string): string {
  return join(repoRoot, relative);
}
