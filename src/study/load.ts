/** Reading a study file and the space it names (the only file access of the study plan). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputFileError } from '../errors.js';
import { loadSpace, parseJsonText } from '../space/index.js';
import type { SearchSpace } from '../space/types.js';
import { parseStudy } from './parse.js';
import type { Study } from './types.js';

export interface LoadedStudy {
  study: Study;
  /** The space file, resolved against the study file's folder. */
  spaceFile: string;
  space: SearchSpace;
}

export function loadStudy(file: string): LoadedStudy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(file, '', resolve(file), 'check the path; the shipped study is studies/spin-fmnist.json', `cannot be read (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
  const study = parseStudy(parseJsonText(text, file), file);
  const spaceFile = resolve(dirname(file), study.space);
  const space = loadSpace(spaceFile);
  if (space.budget.rungs && space.budget.rungs.length > 1) {
    throw new InputFileError(file, 'space', study.space, 'name a space without budget rungs: every study trial trains on the one study budget', `names a space with ${space.budget.rungs.length} budget rungs`);
  }
  return { study, spaceFile, space };
}
