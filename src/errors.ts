/**
 * One error tree for the project. Every error a user can cause is a SpinError:
 * the CLI prints its message (no stack trace unless --debug) and exits with its exitCode.
 */
export class SpinError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad input from the user: a file, a flag, a value. Exit code 2. */
export class UsageError extends SpinError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 2, ...options });
  }
}

/**
 * A problem in an input file, located precisely: which file, which field (a JSON path such
 * as `sharing.shareRate[2]`), the value found, and what is allowed.
 */
export class InputFileError extends UsageError {
  readonly file: string;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;

  constructor(file: string, field: string, value: unknown, allowed: string, detail?: string) {
    const shown = field === '' ? '(top level)' : field;
    super(
      `${file}: field ${shown}${detail ? ` ${detail}` : ''}: got ${describeValue(value)}; ${allowed}`,
    );
    this.file = file;
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** A stored run that cannot be read or used (corrupt, locked, not a run). Exit code 2. */
export class RunStoreError extends UsageError {}

/** An architecture that cannot be built or trained, rejected before training. */
export class ArchitectureError extends SpinError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}

/** A trial that failed while training (the pool records it and carries on). */
export class TrialError extends SpinError {}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON would print null: say what it is (1e999 in a JSON file reads as Infinity).
    return Number.isNaN(value) ? 'NaN (not a number)' : `${value} (a number beyond the largest one, e.g. 1e999)`;
  }
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));
    if (text === undefined) return typeof value; // a function or a symbol: no JSON form
    const shown = text.replace(/"\\u0000([^"]*)"/g, '$1');
    return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  } catch (error) {
    if (typeof value === 'bigint') return `${value}n`;
    return /BigInt/i.test((error as Error).message) ? 'a value holding a BigInt (no JSON form)' : 'a value with no JSON form (circular)';
  }
}

/**
 * A fault of the machine, not of the input or the architecture: disk full, I/O error, too
 * many open files... The search stops cleanly, the interrupted trials are pending again, and
 * the same command resumes once the cause is fixed. Exit code 75 (EX_TEMPFAIL: try again later).
 */
export class MachineFaultError extends SpinError {
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: MACHINE_FAULT_EXIT, ...options });
    this.code = code;
  }
}

export const MACHINE_FAULT_EXIT = 75;
