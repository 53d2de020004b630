/* eslint-disable @typescript-eslint/no-unsafe-member-access -- the cases edit untyped JSON documents by path */
/**
 * Spaces that validate against the schema but can never work: `space validate` rejects each
 * with exit 2 and one line, and `search` refuses before any training (no run folder made).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAll, runCli, repoRoot } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spin-refusals-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const base = () => JSON.parse(readFileSync(join(repoRoot, 'search-spaces', 'convmixer-fmnist.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON mutated in place

const spaces: { name: string; mutate(d: Record<string, any>): void; says: RegExp }[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  { name: 'unknown-dataset', mutate: (d) => (d.dataset.name = 'imagenet'), says: /field dataset\.name is not a dataset spin-nas knows: got "imagenet"; use one of/ },
  { name: 'no-architecture-fits', mutate: (d) => (d.constraints = { maxParams: 1000 }), says: /field constraints\.maxParams excludes every architecture of the space: got 1000; the smallest architecture of this space has 2442 params/ },
  { name: 'subset-too-large', mutate: (d) => (d.budget.rungs[1].trainSubset = 90000), says: /field budget\.rungs\[1\]\.trainSubset is larger than the dataset: got 90000; fashion-mnist has 60000 training images/ },
  { name: 'rungs-do-not-grow', mutate: (d) => (d.budget.rungs = [{ trainSubset: 12000 }, { trainSubset: 3000 }]), says: /field budget\.rungs\[1\] trains on 3000 images, no more than the rung before/ },
  { name: 'depth-in-the-billions', mutate: (d) => (d.backbone.depth = [2_000_000_000]), says: /field backbone\.depth\[0\] is too large \(at most 256\): got 2000000000/ },
];
for (const s of spaces) {
  const doc = base();
  s.mutate(doc);
  writeFileSync(join(dir, `${s.name}.json`), JSON.stringify(doc));
}

test('space validate rejects each unusable space: one line, exit 2, file, field, value and fix', async () => {
  const results = await runAll(spaces.map((s) => ['space', 'validate', join(dir, `${s.name}.json`)]));
  results.forEach((r, i) => {
    const s = spaces[i]!;
    assert.equal(r.code, 2, `${s.name}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`spin-nas: ${join(dir, `${s.name}.json`)}: field `), r.stderr);
    assert.match(r.stderr, s.says);
  });
});

test('search refuses each unusable space before any training, and makes no run folder', async () => {
  const runs = join(dir, 'runs');
  const results = await runAll(spaces.map((s) => ['search', join(dir, `${s.name}.json`), '--runs-dir', runs, '--trials', '2']));
  results.forEach((r, i) => {
    assert.equal(r.code, 2, `${spaces[i]!.name}: ${r.stderr}`);
    assert.match(r.stderr, spaces[i]!.says);
  });
  assert.equal(existsSync(runs), false, 'no run was created');
});

test('search refuses a --budget that makes the rungs equal or overflows the dataset', async () => {
  const runs = join(dir, 'runs-budget');
  const space = 'search-spaces/convmixer-fmnist.json';
  const equal = await runCli(['search', space, '--runs-dir', runs, '--trainer', 'synthetic', '--budget', 'trainSubset=5000']);
  assert.equal(equal.code, 2, equal.stderr);
  assert.match(equal.stderr, /--budget trainSubset=5000: with it, .*field budget\.rungs\[1\] trains on 5000 images, no more than the rung before/);
  const tiny = 'test/fixtures/spaces/tiny-convmixer.json';
  const over = await runCli(['search', tiny, '--runs-dir', runs, '--trainer', 'synthetic', '--budget', 'trainSubset=59999']);
  assert.equal(over.code, 2, over.stderr);
  assert.match(over.stderr, /--budget trainSubset=59999: with it, .*field budget\.trainSubset is larger than the dataset/);
  assert.equal(existsSync(runs), false);
});
