/**
 * Parsing a study file (pure: the JSON value in, a Study out): the schema check (ajv, see
 * schema.ts), then what a schema cannot state (unique names, references to grids, grid
 * sizes). Every problem is an InputFileError naming the file, the field, the value and the fix.
 */
import { InputFileError } from '../errors.js';
import { schemaChecker } from '../space/schema-check.js';
import type { ProxyBudget } from '../space/types.js';
import { STUDY_LIMITS, studySchema } from './schema.js';
import type { Experiment, Study } from './types.js';

const checkSchema = schemaChecker(studySchema, 'the study format (src/study/schema.ts)');

export function parseStudy(value: unknown, file: string): Study {
  checkSchema(value, file);
  const top = structuredClone(value) as Omit<Study, 'file' | 'budget'> & { budget?: Partial<ProxyBudget> };
  const experiments = top.experiments.map((e): Experiment => {
    if (e.type === 'grid') return { name: e.name, type: 'grid', base: e.base ?? {}, vary: e.vary ?? {}, ...optional(e, 'evaluateTest') };
    if (e.type === 'search') {
      return { name: e.name, type: 'search', strategy: e.strategy ?? 'nsga2', budgetOf: e.budgetOf, ...optional(e, 'trials', 'maxCompute', 'budget') };
    }
    if (e.type === 'equal-compute') return { name: e.name, type: 'equal-compute', of: e.of, baselines: e.baselines ?? [], ...optional(e, 'evaluateTest') };
    if (e.type === 'test') return { name: e.name, type: 'test', from: e.from, ...optional(e, 'seeds') };
    return { name: e.name, type: 'fidelity', from: e.from, budget: e.budget, ...optional(e, 'count') };
  });
  checkReferences(experiments, file);
  checkStudyReferences(experiments, top.seeds, file);
  experiments.forEach((e, i) => {
    if (e.type !== 'grid') return;
    const points = Object.values(e.vary).reduce((n, list) => n * (list).length, 1);
    if (points > STUDY_LIMITS.gridPoints) {
      throw new InputFileError(file, `experiments[${i}].vary`, `${points} points`, `a grid may have at most ${STUDY_LIMITS.gridPoints} points (the product of the vary lists' lengths); vary fewer fields or values`, 'is too large');
    }
  });
  return { file, name: top.name, space: top.space, seeds: top.seeds, budget: top.budget ?? {}, experiments, ...optional(top, 'margin', 'alpha', 'analysis', 'departures') };
}

function checkReferences(experiments: Experiment[], file: string): void {
  const names = new Map<string, Experiment>();
  experiments.forEach((e, i) => {
    if (names.has(e.name)) throw new InputFileError(file, `experiments[${i}].name`, e.name, 'give every experiment a different name');
    names.set(e.name, e);
  });
  experiments.forEach((e, i) => {
    const refs = e.type === 'search' ? [e.budgetOf] : e.type === 'fidelity' ? e.from : e.type === 'equal-compute' ? [...e.of, ...e.baselines] : [];
    const field = e.type === 'search' ? 'budgetOf' : e.type === 'equal-compute' ? 'of' : 'from';
    for (const ref of refs) {
      if (names.get(ref)?.type !== 'grid') {
        const grids = experiments.filter((x) => x.type === 'grid').map((x) => x.name);
        throw new InputFileError(file, `experiments[${i}].${field}`, ref, `name a grid experiment of this study (${grids.join(', ') || 'none defined'})`);
      }
    }
  });
}

/** A test experiment names an equal-compute experiment and seeds of the study. */
function checkStudyReferences(experiments: Experiment[], seeds: number[], file: string): void {
  experiments.forEach((e, i) => {
    if (e.type !== 'test') return;
    if (!experiments.some((x) => x.type === 'equal-compute' && x.name === e.from)) {
      const names = experiments.filter((x) => x.type === 'equal-compute').map((x) => x.name);
      throw new InputFileError(file, `experiments[${i}].from`, e.from, `name an equal-compute experiment of this study (${names.join(', ') || 'none defined'})`);
    }
    const stray = (e.seeds ?? []).find((s) => !seeds.includes(s));
    if (stray !== undefined) throw new InputFileError(file, `experiments[${i}].seeds`, stray, `use seeds of the study (${seeds.join(', ')})`);
  });
}

/** The listed keys of `source` that are present (optional fields stay absent, not undefined). */
function optional<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
