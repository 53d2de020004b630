import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runAll, runCli, runInProcess } from '../helpers.js';



test('space validate accepts every shipped space and prints its name, genes and size', async () => {
  const results = [
    await runCli(['space', 'validate', 'search-spaces/convmixer-fmnist.json']),
    await runInProcess(['space', 'validate', join(repoRoot, 'search-spaces', 'vit-fmnist.json')]),
    await runInProcess(['space', 'validate', join(repoRoot, 'search-spaces', 'convmixer-cifar10.json')]),
  ];
  assert.deepEqual(results.map((r) => r.code), [0, 0, 0], results.map((r) => r.stderr).join('\n'));
  assert.equal(results[0]?.stdout, 'ok: convmixer-fmnist, 10 genes, size 9,756 architectures\n');
  assert.match(results[1]?.stdout ?? '', /^ok: vit-fmnist, 11 genes, size [\d,]+ architectures\n$/);
  assert.match(results[2]?.stdout ?? '', /^ok: convmixer-cifar10, 10 genes, size [\d,]+ architectures\n$/);
});

const badDir = join('test', 'fixtures', 'spaces', 'bad');
const badFiles = readdirSync(join(repoRoot, badDir)).filter((f) => f.endsWith('.json')).sort();

test('space validate rejects every malformed fixture with exit code 2, one message and no stack trace', async () => {
  assert.ok(badFiles.length >= 15);
  for (const name of badFiles) {
    const file = join(repoRoot, badDir, name);
    const r = await runInProcess(['space', 'validate', file]);
    assertOneLineFieldError(r, file);
  }
});

test('the spin-nas binary exits 2 without a stack trace on malformed files of each kind', async () => {
  const sample = ['invalid-json.json', 'unknown-nested-key.json', 'share-rate-divides-no-depth.json'];
  const results = await runAll(sample.map((f) => ['space', 'validate', join(badDir, f)]));
  results.forEach((r, i) => {
    const file = join(badDir, sample[i] as string);
    assertOneLineFieldError(r, file);
  });
});

test('space validate on a missing file exits 2 naming the file', async () => {
  const r = await runCli(['space', 'validate', 'search-spaces/nope.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^spin-nas: search-spaces\/nope\.json: .*no such file.*check the path/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('--debug adds the stack trace to a space error', async () => {
  const r = await runCli(['--debug', 'space', 'validate', 'test/fixtures/spaces/bad/zero-width.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /field backbone\.width\[0\]/);
  assert.match(r.stderr, /\n\s+at /);
});

/** Exit code 2 and one line naming the file and the field, the value and the fix; no stack trace. */
function assertOneLineFieldError(r: { code: number | null; stdout: string; stderr: string }, file: string): void {
  assert.equal(r.code, 2, `${file}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.ok(r.stderr.startsWith(`spin-nas: ${file}: field `), r.stderr);
  assert.match(r.stderr, /: got .*; /);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}
