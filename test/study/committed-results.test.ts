/**
 * The second SPIN study's committed data rebuilds the committed results byte for byte
 * (issue 12): docs/results.md, results.json and results.html come from
 * studies/results/spin-fmnist-v2.trials.jsonl and the study file alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';
import { repoPath } from './helpers.js';

const DATA = 'studies/results/spin-fmnist-v2.trials.jsonl';

test('the committed per-trial data rebuilds docs/results.md, results.json and results.html exactly', async () => {
  assert.ok(existsSync(repoPath(DATA)), `${DATA} is committed`);
  const out = tempDir('spin-committed-');
  const run = await runCli(['study', 'studies/spin-fmnist-v2.json', '--from-data', DATA, '--runs-dir', join(out, 'runs'), '--results-dir', out]);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  for (const name of ['results.md', 'results.json', 'results.html']) {
    const committed = readFileSync(repoPath(join('docs', name)));
    assert.ok(committed.equals(readFileSync(join(out, name))), `docs/${name} differs from its rebuild; regenerate it with the --from-data command in docs/study-v2.md`);
  }
  const markdown = readFileSync(repoPath('docs/results.md'), 'utf8');
  assert.match(markdown, /^# Study spin-fmnist-v2\n/);
  assert.doesNotMatch(markdown, /not complete/);
});
