/** search() takes the options `spin-nas search` takes: a flag added to one must reach the other. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEARCH_OPTION_DEFAULTS, SEARCH_OPTION_KEYS } from '../../src/index.js';
import { buildProgram } from '../../src/cli/main.js';

/** CLI flags that search() takes under another shape. */
const NESTED: Record<string, string> = { maxWeightsMb: 'redis' };

test('every flag of spin-nas search is an option of search(), and every option a flag', () => {
  const command = buildProgram().commands.find((c) => c.name() === 'search');
  assert.ok(command);
  const flags = command.options.map((o) => o.attributeName());
  const keys: readonly string[] = SEARCH_OPTION_KEYS;
  assert.deepEqual(flags.map((f) => NESTED[f] ?? f).filter((f) => !keys.includes(f)), [], 'add these to SearchOptions (src/api/search.ts)');
  const fromCli = new Set(['space', ...flags.map((f) => NESTED[f] ?? f)]);
  assert.deepEqual(keys.filter((k) => !fromCli.has(k)), []);
});

test("search()'s defaults are the CLI's", () => {
  const command = buildProgram().commands.find((c) => c.name() === 'search')!;
  for (const option of command.options) {
    const key = option.attributeName() as keyof typeof SEARCH_OPTION_DEFAULTS;
    if (key in SEARCH_OPTION_DEFAULTS) assert.equal(option.defaultValue, SEARCH_OPTION_DEFAULTS[key], key);
  }
});
