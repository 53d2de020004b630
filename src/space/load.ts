/**
 * Reading a search-space file: the only code of the space area that touches files.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputFileError } from '../errors.js';
import { jsonErrorOffset, lineColumn } from './json-text.js';
import { parseSpace } from './parse.js';
import type { SearchSpace } from './types.js';

export { parseSpace };

export function loadSpace(file: string): SearchSpace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputFileError(file, '', resolve(file), 'check the path; the shipped spaces are in search-spaces/, e.g. search-spaces/convmixer-fmnist.json', `cannot be read (${why})`);
  }
  return parseSpace(parseJsonText(text, file), file);
}

/** JSON.parse with a located, user-facing error. */
export function parseJsonText(text: string, file: string): unknown {
  if (text.trim() === '') {
    throw new InputFileError(file, '', text, 'write a JSON object describing the space; see search-spaces/convmixer-fmnist.json', 'is empty');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors on Windows may write a BOM
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const at = offset >= 0 ? offset : 0;
    const { line, column } = lineColumn(text, at);
    const reason = String((error as Error).message).replace(/, ".*" is not valid JSON$/s, '');
    throw new InputFileError(
      file,
      '',
      text.slice(Math.max(0, at - 20), at + 20),
      'fix the JSON syntax (double-quoted keys and strings, no trailing commas, no comments)',
      `is not valid JSON at line ${line}, column ${column} (${reason})`,
    );
  }
}
