import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDocument } from '../../src/store/index.js';
import { runCli } from '../helpers.js';

const SPACE = 'test/fixtures/spaces/tiny-convmixer.json';
let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'spin-nas-keep-weights-cli-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const read = (run: string): RunDocument => JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunDocument;
const kept = (run: string): string[] => (existsSync(join(run, 'checkpoints', 'trials')) ? readdirSync(join(run, 'checkpoints', 'trials')).sort() : []);

test('spin-nas search --keep-weights all keeps every trial, and a resume with the default prunes to the frontier', async () => {
  const args = ['search', SPACE, '--name', 'kw', '--runs-dir', root, '--trials', '6', '--trainer', 'synthetic'];
  const first = await runCli([...args, '--keep-weights', 'all']);
  assert.equal(first.code, 0, first.stderr);
  const run = join(root, 'kw');
  assert.equal(read(run).config.keepWeights, 'all');
  assert.deepEqual(kept(run), read(run).trials.map((t) => t.id).sort());
  const second = await runCli([...args, '--trials', '8']);
  assert.equal(second.code, 0, second.stderr);
  const doc = read(run);
  assert.equal(doc.config.keepWeights, 'frontier');
  assert.deepEqual(kept(run), [...doc.frontier].sort());
});

test('spin-nas search --keep-weights with an unknown value exits with code 2 and names the choices', async () => {
  const { code, stderr } = await runCli(['search', SPACE, '--name', 'bad', '--runs-dir', root, '--trainer', 'synthetic', '--keep-weights', 'best']);
  assert.equal(code, 2);
  assert.match(stderr, /option '--keep-weights <which>' argument 'best' is invalid\. Allowed choices are frontier, all, none\./);
  assert.equal(existsSync(join(root, 'bad')), false, 'no run is created');
});
