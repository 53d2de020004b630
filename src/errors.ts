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
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value; // a function or a symbol: no JSON form
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return typeof value === 'bigint' ? `${value}n` : 'a value with no JSON form (circular)';
  }
}
