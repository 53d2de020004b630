/** Reading a study file and the space it names (the only file access of the study plan). */
import { dirname, resolve } from 'node:path';
import { InputFileError } from '../errors.js';
import { checkRungs, loadSpace, parseJsonText, readInputText } from '../space/index.js';
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
  const text = readInputText(file, 'check the path; the shipped study is studies/spin-fmnist.json');
  const study = parseStudy(parseJsonText(text, file, 'write a JSON object describing the study; see studies/spin-fmnist.json'), file);
  const spaceFile = resolve(dirname(file), study.space);
  const space = loadSpace(spaceFile);
  if (space.budget.rungs && space.budget.rungs.length > 1) {
    throw new InputFileError(file, 'space', study.space, 'name a space without budget rungs: every study trial trains on the one study budget', `names a space with ${space.budget.rungs.length} budget rungs`);
  }
  // The study's budgets apply to the space's dataset: each must fit it.
  const base = { ...space.budget, ...study.budget };
  delete base.rungs;
  const entries = [
    { field: 'budget', budget: base, shown: study.budget },
    ...study.experiments.flatMap((e, i) => (e.type === 'fidelity' ? [{ field: `experiments[${i}].budget`, budget: { ...base, ...e.budget }, shown: e.budget }] : [])),
  ];
  for (const entry of entries) checkRungs(file, space.dataset.name, [entry]);
  return { study, spaceFile, space };
}
