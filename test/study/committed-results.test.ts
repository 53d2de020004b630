/**
 * The published study results rebuild byte for byte from their committed data (issues 12
 * and 22): docs/results.md, results.json and results.html come from the study file named in
 * results.md's title and its studies/results/<name>.trials.jsonl alone. When a later edition
 * takes docs/, the second edition's files live on under docs/second-edition/ and still rebuild.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';
import { repoPath } from './helpers.js';

const SECOND = 'spin-fmnist-v2';

async function assertRebuilds(dir: string): Promise<string> {
  const markdown = readFileSync(repoPath(join(dir, 'results.md')), 'utf8');
  const name = /^# Study (\S+)\n/.exec(markdown)?.[1];
  assert.ok(name, `${dir}/results.md starts with "# Study <name>"`);
  const data = `studies/results/${name}.trials.jsonl`;
  assert.ok(existsSync(repoPath(data)), `${data} is committed`);
  const out = tempDir('spin-committed-');
  const run = await runCli(['study', `studies/${name}.json`, '--from-data', data, '--runs-dir', join(out, 'runs'), '--results-dir', out]);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  for (const file of ['results.md', 'results.json', 'results.html']) {
    const committed = readFileSync(repoPath(join(dir, file)));
    assert.ok(committed.equals(readFileSync(join(out, file))), `${dir}/${file} differs from its rebuild; regenerate it with the --from-data command in docs/study-v*.md`);
  }
  assert.doesNotMatch(markdown, /not complete/);
  return name;
}

test('the committed per-trial data rebuilds docs/results.md, results.json and results.html exactly', async () => {
  const published = await assertRebuilds('docs');
  // The second edition is either the published one or kept, as it was, in docs/second-edition/.
  if (published !== SECOND) assert.equal(await assertRebuilds('docs/second-edition'), SECOND);
  else assert.ok(!existsSync(repoPath('docs/second-edition')), 'docs/second-edition/ holds the second edition only once a later one is published');
});
