import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportError } from '../../src/cli/main.js';
import { InputFileError, SpinError } from '../../src/errors.js';

test('a user error is printed without a stack trace and keeps its exit code', () => {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = reportError(new InputFileError('a.json', 'backbone.width[0]', -3, 'use a positive integer'), false);
    assert.equal(code, 2);
  } finally {
    process.stderr.write = original;
  }
  const text = written.join('');
  assert.match(text, /a\.json: field backbone\.width\[0\]: got -3; use a positive integer/);
  assert.doesNotMatch(text, /\n\s+at /);
});

test('--debug adds the stack trace', () => {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    assert.equal(reportError(new SpinError('boom', { exitCode: 3 }), true), 3);
  } finally {
    process.stderr.write = original;
  }
  assert.match(written.join(''), /\n\s+at /);
});
