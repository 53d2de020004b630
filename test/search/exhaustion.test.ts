import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { runSearchSession } from '../../src/search/index.js';
import { loadRunSnapshot } from '../../src/store/index.js';
import { SPACE, runsDir } from './helpers.js';

test('a space smaller than --trials ends the search with every architecture trained once', async () => {
  const dir = runsDir();
  const json = JSON.parse(readFileSync(SPACE, 'utf8')) as Record<string, Record<string, unknown>>;
  json['backbone'] = { ...json['backbone'], width: [32], depth: [4], patch: [4], kernel: [3, 5] };
  json['sharing'] = { ...json['sharing'], components: [[]], init: ['scratch'] };
  delete json['$schema'];
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify(json));
  const { outcome, dir: run } = await runSearchSession({ spaceFile: file, runsDir: dir, trials: 10, workers: 2, strategy: 'random', executor: new SyntheticExecutor() });
  assert.equal(outcome.exhausted, true);
  const s = await loadRunSnapshot(run);
  const rung0 = s.trials.filter((t) => t.rung === 0);
  assert.equal(rung0.length, 2, 'two kernels, nothing shared: two architectures');
  assert.equal(new Set(rung0.map((t) => t.hash)).size, 2);
  assert.equal(outcome.total, outcome.finished);
});
