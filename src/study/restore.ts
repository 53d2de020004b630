/**
 * Restoring a study from its committed per-trial data (pure). The run store under
 * runs/<study>/ is not committed; the study's trials.jsonl is. When the store is gone (a new
 * machine, a fresh clone), a unit the data shows finished is taken from the data instead of
 * being trained again (runStudy's `committed`), so no finished unit is lost. A unit the data
 * shows unfinished is trained again from its start (its store, with the strategy's state and
 * the fusion parent's weights, is what a resume needs, and it is gone).
 */
import { InputFileError } from '../errors.js';
import { toArchSpec } from '../arch/index.js';
import type { SearchSpace } from '../space/types.js';
import { rowCompute, type TrialRow } from './data.js';
import type { StudyPlan, StudyUnit } from './units.js';

/** A unit is finished when it has its trials, or, with a compute budget, has spent it. */
export function unitComplete(unit: Pick<StudyUnit, 'name' | 'trials' | 'maxCompute'>, rows: readonly TrialRow[]): boolean {
  const own = rows.filter((r) => r.unit === unit.name);
  if (own.filter((r) => r.role === 'trial').length >= unit.trials) return true;
  return unit.maxCompute !== undefined && own.reduce((sum, r) => sum + rowCompute(r), 0) >= unit.maxCompute;
}

/**
 * The rows of `rows` by unit name, in order. Rows that cannot be this plan's (an unknown
 * unit, another experiment, kind or seed, an architecture the unit does not train) are
 * refused: the file is another study's or was edited. Whether a unit is finished is
 * `unitComplete`'s to say, with the unit as it runs (a test unit's trials are known only then).
 */
export function unitRowsOf(plan: StudyPlan, space: SearchSpace, rows: readonly TrialRow[], file: string): Map<string, TrialRow[]> {
  const units = new Map(plan.units.map((u) => [u.name, u]));
  const planned = new Map<string, Set<string>>();
  const plannedHashes = (unit: StudyUnit): Set<string> => {
    let set = planned.get(unit.name);
    if (!set) planned.set(unit.name, (set = new Set((unit.genomes ?? []).map((g) => toArchSpec(space, g).hash))));
    return set;
  };
  const byUnit = new Map<string, TrialRow[]>();
  rows.forEach((r, i) => {
    const unit = units.get(r.unit);
    const fix = 'the per-trial data must be this study\'s, as `spin-nas study` wrote it: give another --data file, or move this one away to start afresh';
    if (!unit) throw new InputFileError(file, `line ${i + 1}.unit`, r.unit, fix, `names no unit of this study (${plan.units.length} units)`);
    for (const key of ['experiment', 'kind', 'seed'] as const) {
      if (r[key] !== unit[key]) throw new InputFileError(file, `line ${i + 1}.${key}`, r[key], fix, `is not unit ${unit.name}'s (${String(unit[key])})`);
    }
    if (r.role === 'trial' && unit.genomes && unit.genomes.length > 0 && !plannedHashes(unit).has(r.hash)) {
      throw new InputFileError(file, `line ${i + 1}.hash`, r.hash, fix, `is not an architecture unit ${unit.name} trains`);
    }
    byUnit.set(r.unit, [...(byUnit.get(r.unit) ?? []), r]);
  });
  return byUnit;
}

