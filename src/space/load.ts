/**
 * Reading a search-space file: the only code of the space area that touches files.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputFileError } from '../errors.js';
import { jsonErrorOffset, lineColumn, tooDeep } from './json-text.js';
import { parseSpace } from './parse.js';
import type { SearchSpace } from './types.js';

export { parseSpace };

/** Input files (spaces, studies) are a few kilobytes; anything far larger is not one. */
export const MAX_INPUT_BYTES = 1 << 20;
/** Spaces and studies nest at most 5 levels; 64 leaves room and bounds every recursion. */
export const MAX_NESTING = 64;

export function loadSpace(file: string): SearchSpace {
  return parseSpace(parseJsonText(readInputText(file, 'check the path; the shipped spaces are in search-spaces/, e.g. search-spaces/convmixer-fmnist.json'), file), file);
}

/** The text of a small JSON input file, or an InputFileError saying why it cannot be one. */
export function readInputText(file: string, pathFix: string): string {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES) {
      throw new InputFileError(file, '', `${size} bytes`, `an input file is a few kilobytes of JSON (at most ${MAX_INPUT_BYTES} bytes); check that this is the right file`, 'is too large');
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputFileError(file, '', resolve(file), pathFix, `cannot be read (${why})`);
  }
  const nul = bytes.indexOf(0);
  let text: string | undefined;
  if (nul < 0) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    const why = nul >= 0 ? `a NUL byte at offset ${nul}` : 'bytes that are not UTF-8';
    throw new InputFileError(file, '', `${bytes.length} bytes`, 'give a JSON text file (UTF-8); this looks like a binary or differently encoded file', `is not a text file (${why})`);
  }
  return text;
}

const EMPTY_FIX = 'write a JSON object describing the space; see search-spaces/convmixer-fmnist.json';

/** JSON.parse with a located, user-facing error; `emptyFix` says what an empty file of this kind should hold. */
export function parseJsonText(text: string, file: string, emptyFix = EMPTY_FIX): unknown {
  if (text.trim() === '') {
    throw new InputFileError(file, '', text, emptyFix, 'is empty');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors on Windows may write a BOM
  const deep = tooDeep(text, MAX_NESTING);
  if (deep) {
    const { line, column } = lineColumn(text, deep.offset);
    throw new InputFileError(
      file,
      '',
      text.slice(deep.offset, deep.offset + 20),
      `an input file nests lists and objects a few levels deep (at most ${MAX_NESTING}); check that this is the right file`,
      `nests more than ${MAX_NESTING} levels deep at line ${line}, column ${column}`,
    );
  }
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
