/**
 * Parsing a study file (pure: the JSON value in, a Study out). Every problem is an
 * InputFileError naming the file, the field, the value and the fix.
 */
import { InputFileError } from '../errors.js';
import type { ProxyBudget } from '../space/types.js';
import type { ArchPoint, Experiment, Study } from './types.js';

const TOP_KEYS = ['$schema', 'name', 'description', 'space', 'seeds', 'budget', 'experiments', 'margin', 'alpha'];
const POINT_KEYS: (keyof ArchPoint)[] = [
  'width', 'depth', 'patch', 'kernel', 'heads', 'mlpRatio',
  'components', 'shareRate', 'distribution', 'mapping', 'init', 'mappingSeed',
];
const BUDGET_KEYS: (keyof ProxyBudget)[] = ['epochs', 'trainSubset', 'validationSize', 'batchSize', 'learningRate', 'schedule', 'maxSteps'];
const STRATEGIES = ['random', 'evolution', 'nsga2'] as const;

type Json = Record<string, unknown>;

export function parseStudy(value: unknown, file: string): Study {
  const top = object(value, file, '');
  unknownKeys(top, TOP_KEYS, file, '');
  const name = text(top['name'], file, 'name');
  if (!/^[\w.-]+$/.test(name)) throw new InputFileError(file, 'name', name, "use letters, digits, '.', '_' or '-' (it names the run folder)");
  const seeds = array(top['seeds'], file, 'seeds').map((s, i) => integer(s, file, `seeds[${i}]`, 0));
  if (seeds.length === 0) throw new InputFileError(file, 'seeds', [], 'list at least one seed, e.g. [0, 1, 2]');
  if (new Set(seeds).size !== seeds.length) throw new InputFileError(file, 'seeds', seeds, 'list each seed once');
  const budget = top['budget'] === undefined ? {} : parseBudget(top['budget'], file, 'budget');
  const list = array(top['experiments'], file, 'experiments');
  if (list.length === 0) throw new InputFileError(file, 'experiments', [], 'list at least one experiment (grid, search or fidelity)');
  const experiments = list.map((e, i) => parseExperiment(e, file, `experiments[${i}]`));
  checkReferences(experiments, file);
  checkStudyReferences(experiments, seeds, file);
  const study: Study = { file, name, space: text(top['space'], file, 'space'), seeds, budget, experiments };
  if (top['margin'] !== undefined) study.margin = fraction(top['margin'], file, 'margin', 'use accuracy points >= 0, e.g. 0.5', 0, 100);
  if (top['alpha'] !== undefined) study.alpha = fraction(top['alpha'], file, 'alpha', 'use a number between 0 and 1, e.g. 0.05', 1e-9, 0.5);
  return study;
}

function parseExperiment(value: unknown, file: string, at: string): Experiment {
  const e = object(value, file, at);
  const name = text(e['name'], file, `${at}.name`);
  const type = e['type'];
  if (type === 'grid') {
    unknownKeys(e, ['name', 'type', 'description', 'base', 'vary'], file, at);
    const base = object(e['base'] ?? {}, file, `${at}.base`);
    unknownKeys(base, POINT_KEYS, file, `${at}.base`);
    const vary = object(e['vary'] ?? {}, file, `${at}.vary`);
    unknownKeys(vary, POINT_KEYS, file, `${at}.vary`);
    for (const [key, choices] of Object.entries(vary)) {
      if (!Array.isArray(choices) || choices.length === 0) {
        throw new InputFileError(file, `${at}.vary.${key}`, choices, 'give a non-empty list of values to try');
      }
    }
    return { name, type, base: base, vary: vary };
  }
  if (type === 'search') {
    unknownKeys(e, ['name', 'type', 'description', 'strategy', 'budgetOf', 'trials', 'budget'], file, at);
    const strategy = e['strategy'] ?? 'nsga2';
    if (!STRATEGIES.includes(strategy as (typeof STRATEGIES)[number])) {
      throw new InputFileError(file, `${at}.strategy`, strategy, `use one of ${STRATEGIES.join(', ')}`);
    }
    const search: Experiment = { name, type, strategy: strategy as (typeof STRATEGIES)[number], budgetOf: text(e['budgetOf'], file, `${at}.budgetOf`) };
    if (e['trials'] !== undefined) search.trials = integer(e['trials'], file, `${at}.trials`, 1);
    if (e['budget'] !== undefined) search.budget = parseBudget(e['budget'], file, `${at}.budget`);
    return search;
  }
  if (type === 'equal-compute') {
    unknownKeys(e, ['name', 'type', 'description', 'of', 'baselines'], file, at);
    const of = array(e['of'], file, `${at}.of`).map((f, i) => text(f, file, `${at}.of[${i}]`));
    const baselines = array(e['baselines'] ?? [], file, `${at}.baselines`).map((f, i) => text(f, file, `${at}.baselines[${i}]`));
    return { name, type, of, baselines };
  }
  if (type === 'test') {
    unknownKeys(e, ['name', 'type', 'description', 'from', 'seeds'], file, at);
    const test: Experiment = { name, type, from: text(e['from'], file, `${at}.from`) };
    if (e['seeds'] !== undefined) test.seeds = array(e['seeds'], file, `${at}.seeds`).map((s, i) => integer(s, file, `${at}.seeds[${i}]`, 0));
    return test;
  }
  if (type === 'fidelity') {
    unknownKeys(e, ['name', 'type', 'description', 'from', 'count', 'budget'], file, at);
    const from = array(e['from'], file, `${at}.from`).map((f, i) => text(f, file, `${at}.from[${i}]`));
    const fidelity: Experiment = { name, type, from, budget: parseBudget(e['budget'], file, `${at}.budget`) };
    if (e['count'] !== undefined) fidelity.count = integer(e['count'], file, `${at}.count`, 3);
    return fidelity;
  }
  throw new InputFileError(file, `${at}.type`, type, 'use "grid" (fixed architectures), "search", "fidelity", "equal-compute" or "test"');
}

function checkReferences(experiments: Experiment[], file: string): void {
  const names = new Map<string, Experiment>();
  experiments.forEach((e, i) => {
    if (names.has(e.name)) throw new InputFileError(file, `experiments[${i}].name`, e.name, 'give every experiment a different name');
    if (!/^[\w.-]+$/.test(e.name)) throw new InputFileError(file, `experiments[${i}].name`, e.name, "use letters, digits, '.', '_' or '-'");
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

function fraction(value: unknown, file: string, at: string, fix: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new InputFileError(file, at, value, fix);
  return value;
}

function parseBudget(value: unknown, file: string, at: string): Partial<ProxyBudget> {
  const b = object(value, file, at);
  unknownKeys(b, BUDGET_KEYS, file, at);
  for (const key of BUDGET_KEYS) {
    const v = b[key];
    if (v === undefined) continue;
    if (key === 'schedule') {
      if (v !== 'constant' && v !== 'cosine') throw new InputFileError(file, `${at}.${key}`, v, 'use "constant" or "cosine"');
    } else if (key === 'learningRate') {
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new InputFileError(file, `${at}.${key}`, v, 'use a positive number, e.g. 0.005');
    } else integer(v, file, `${at}.${key}`, 1);
  }
  return b;
}

function object(value: unknown, file: string, at: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputFileError(file, at, value, 'use a JSON object');
  return value as Json;
}

function array(value: unknown, file: string, at: string): unknown[] {
  if (!Array.isArray(value)) throw new InputFileError(file, at, value, 'use a JSON list');
  return value;
}

function text(value: unknown, file: string, at: string): string {
  if (typeof value !== 'string' || value === '') throw new InputFileError(file, at, value, 'use a non-empty string');
  return value;
}

function integer(value: unknown, file: string, at: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InputFileError(file, at, value, `use an integer >= ${min}`);
  }
  return value;
}

function unknownKeys(o: Json, allowed: readonly string[], file: string, at: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new InputFileError(file, at === '' ? key : `${at}.${key}`, o[key], `remove it; known keys here: ${allowed.filter((k) => k !== '$schema').join(', ')}`, 'is not a known key');
    }
  }
}
