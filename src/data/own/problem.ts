/** Bad own data: one line naming the file, what is wrong and the fix; exit code 2, nothing written. */
import { UsageError } from '../../errors.js';

export class DataError extends UsageError {
  readonly file: string;

  constructor(file: string, problem: string, fix: string) {
    super(`${file}: ${problem}; ${fix}`);
    this.file = file;
  }
}

export function dataError(file: string, problem: string, fix: string): DataError {
  return new DataError(file, problem, fix);
}
