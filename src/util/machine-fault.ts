/**
 * Telling a fault of the machine (disk full, I/O error, too many open files, read-only file
 * system, out of memory) from a failure of a trial: the first stops the search cleanly and
 * leaves the trial pending for the resume; the second is recorded as the trial's result.
 * Errors that crossed a worker thread keep their message but not their `code`, so the code is
 * also looked for at the start of the message ("ENOSPC: no space left on device, write").
 */
import { MachineFaultError, SpinError } from '../errors.js';

const FAULTS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error of the device',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on the system',
  EROFS: 'the file system is read-only',
  ENOMEM: 'out of memory',
};

const IN_MESSAGE = new RegExp(`(?:^|: )(${Object.keys(FAULTS).join('|')}): `);

/** The system error code of a machine fault in `error` (or its causes), or null. */
export function machineFaultCode(error: unknown): string | null {
  for (let e = error, depth = 0; e !== null && e !== undefined && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof MachineFaultError) return e.code;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in FAULTS) return code;
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    const found = IN_MESSAGE.exec(message);
    if (found) return found[1]!;
    if (typeof e !== 'object') break;
  }
  return null;
}

/** `error` as a MachineFaultError saying what happened and where, or null when it is none. */
export function asMachineFault(error: unknown, where: string): MachineFaultError | null {
  if (error instanceof MachineFaultError) return error;
  const code = machineFaultCode(error);
  if (code === null) return null;
  const detail = (error instanceof SpinError || error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  return new MachineFaultError(
    code,
    `the machine failed: ${code} (${FAULTS[code]}) ${where}: ${detail}; the run is saved and the trials it interrupted will train again: ` +
      'fix the cause (e.g. free disk space) and run the same command to resume',
    { cause: error },
  );
}
