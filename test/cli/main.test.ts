import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportError } from '../../src/cli/main.js';
import { InputFileError, SpinError } from '../../src/errors.js';

/** Runs `fn` with standard error captured; returns its result and what it wrote. */
function captureStderr<T>(fn: () => T): { value: T; text: string } {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  });
  try {
    return { value: fn(), text: written.join('') };
  } finally {
    process.stderr.write = original;
  }
}

test('a user error is printed without a stack trace and keeps its exit code', () => {
  const { value, text } = captureStderr(() =>
    reportError(new InputFileError('a.json', 'backbone.width[0]', -3, 'use a positive integer'), false),
  );
  assert.equal(value, 2);
  assert.match(text, /a\.json: field backbone\.width\[0\]: got -3; use a positive integer/);
  assert.doesNotMatch(text, /\n\s+at /);
});

test('--debug adds the stack trace', () => {
  const { value, text } = captureStderr(() => reportError(new SpinError('boom', { exitCode: 3 }), true));
  assert.equal(value, 3);
  assert.match(text, /\n\s+at /);
});

test('an unexpected error is reported as internal, with a hint to use --debug', () => {
  const { value, text } = captureStderr(() => reportError(new TypeError('x is undefined'), false));
  assert.equal(value, 1);
  assert.match(text, /internal error: x is undefined/);
  assert.match(text, /--debug/);
});
