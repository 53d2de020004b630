/**
 * A command that ends in a refusal writes nothing: run.json and the checkpoints stay
 * byte-identical (a plug-in whose restore() throws, flags that disagree with the stored run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

const PLUGIN = './test/search/fixtures/throws-in-restore.mjs';

function snapshotOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(p, readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return files;
}

test('a resume whose plug-in restore() throws, or whose flags differ from the run, leaves every file of the run byte-identical', async () => {
  const runs = tempDir('spin-untouched-');
  const args = ['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'u', '--runs-dir', runs, '--trainer', 'synthetic', '--seed', '4', '--strategy', PLUGIN];
  const first = await runCli([...args, '--trials', '3', '--keep-weights', 'all']);
  assert.equal(first.code, 0, first.stderr);
  const dir = join(runs, 'u');
  const before = snapshotOf(dir);
  await new Promise((r) => setTimeout(r, 20)); // a rewrite would carry a later updatedAt

  const restored = await runCli([...args, '--trials', '5', '--resume', '--keep-weights', 'none']);
  assert.equal(restored.code, 2, restored.stderr);
  assert.match(restored.stderr, /^spin-nas: strategy .*throws-in-restore\.mjs failed in restore\(\): state from another version; the run was left untouched\n$/);
  assert.deepEqual(snapshotOf(dir), before, 'run.json and checkpoints byte-identical after the refused restore');

  const seed = await runCli([...args.slice(0, -4), '--seed', '5', '--strategy', PLUGIN, '--trials', '5', '--resume']);
  assert.equal(seed.code, 2, seed.stderr);
  assert.match(seed.stderr, /the run was started with --seed 4, now 5/);
  assert.deepEqual(snapshotOf(dir), before, 'unchanged after the refused flags');
});
