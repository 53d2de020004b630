/**
 * The Optuna journal format (JournalStorage / JournalFileStorage, Optuna 3.1): one JSON
 * object per line, each an operation replayed in order. Op codes, state and direction
 * numbers are Optuna's enums (optuna/storages/_journal/storage.py, trial/_state.py,
 * study/_study_direction.py). Pure: no files.
 */

/** `JournalOperation` op codes (the ones an export writes). */
export const OP = {
  createStudy: 0,
  setStudyUserAttr: 2,
  setStudySystemAttr: 3,
  createTrial: 4,
  setTrialStateValues: 6,
  setTrialUserAttr: 8,
  setTrialSystemAttr: 9,
} as const;

/** `optuna.trial.TrialState`. */
export const TRIAL_STATE = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3, WAITING: 4 } as const;
export type OptunaState = keyof typeof TRIAL_STATE;

/** `optuna.study.StudyDirection`. */
export const DIRECTION = { minimize: 1, maximize: 2 } as const;

/** System attribute where Optuna's constrained samplers keep a trial's constraint values (> 0: violated). */
export const CONSTRAINTS_KEY = 'constraints';
/** Study system attribute naming the objectives (read by Optuna >= 3.2 and optuna-dashboard; 3.1 keeps it as is). */
export const METRIC_NAMES_KEY = 'study:metric_names';

/** One journal line. Every operation carries the id of the worker that wrote it. */
export interface JournalOperation {
  op_code: number;
  worker_id: string;
  [field: string]: unknown;
}

export function isFinished(state: OptunaState): boolean {
  return state !== 'RUNNING' && state !== 'WAITING';
}

/**
 * JSON as Python's `json.dumps` writes it with default separators (", " and ": "), so a
 * distribution string is byte for byte what `optuna.distributions.distribution_to_json` gives.
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A time as Optuna writes it (`datetime.now().isoformat(timespec="microseconds")`): local
 * wall-clock time without a zone, so it reads like the trials Optuna itself records on this machine.
 */
export function optunaDatetime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}000`
  );
}

/** The journal file's text: one operation per line, newline-terminated. */
export function journalText(operations: readonly JournalOperation[]): string {
  return operations.map((op) => `${JSON.stringify(op)}\n`).join('');
}
