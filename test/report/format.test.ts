import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactNumber } from '../../src/report/format.js';

test('compact numbers keep three significant digits and roll over to the next unit', () => {
  const cases: [number, string][] = [
    [950, '950'], [12_778, '12.8k'], [8_317_632, '8.32M'], [999_999, '1M'], [999_950, '1M'],
    [1_500_000_000_000, '1.5T'], [-45_600, '-45.6k'], [Number.NaN, 'n/a'],
  ];
  for (const [value, text] of cases) assert.equal(compactNumber(value), text, String(value));
});
