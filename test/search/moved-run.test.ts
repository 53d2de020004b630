import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDocument } from '../../src/store/index.js';
import { runCli } from '../helpers.js';

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunDocument;

test('a run folder moved elsewhere resumes without retraining its fusion parents (checkpoints stored relative to the run)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'spin-moved-'));
  try {
    const args = (runs: string, trials: number) => ['search', 'test/fixtures/spaces/tiny-convmixer.json', '--name', 'm', '--runs-dir', runs, '--trials', String(trials), '--trainer', 'synthetic', '--seed', '2', '--keep-weights', 'all'];
    const first = await runCli(args(join(root, 'a'), 4));
    assert.equal(first.code, 0, first.stderr);
    const before = read(join(root, 'a', 'm'));
    const parents = Object.values(before.parents);
    assert.ok(parents.length > 0, 'the tiny space has fusion variants, so a parent was trained');
    for (const p of parents) {
      assert.equal(p.checkpoint, join('checkpoints', p.hash), 'stored relative to the run folder');
      assert.equal(p.result?.checkpoint, join('checkpoints', p.hash));
    }
    for (const t of before.trials.filter((t) => t.result?.checkpoint)) assert.ok(!t.result!.checkpoint!.startsWith(root), t.result!.checkpoint);

    mkdirSync(join(root, 'b'));
    renameSync(join(root, 'a', 'm'), join(root, 'b', 'm'));
    rmSync(join(root, 'a'), { recursive: true });
    const resumed = await runCli([...args(join(root, 'b'), 8), '--resume']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const after = read(join(root, 'b', 'm'));
    assert.ok(after.trials.length > before.trials.length, 'the resumed run trained more trials');
    for (const p of parents) assert.equal(after.parents[p.hash]!.finishedAt, p.finishedAt, `parent ${p.hash} was not retrained`);
    assert.equal(after.trials.filter((t) => t.state === 'failed').length, 0, JSON.stringify(after.trials.map((t) => t.error).filter(Boolean)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
