import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableBackends } from '../../src/backend/index.js';
import { runAll } from '../helpers.js';

test('search --backend tensorflow-gpu / tensorflow without the package: one line with the way out, exit 2, no run', async (t) => {
  const missing = (['tensorflow-gpu', 'tensorflow'] as const).filter((b) => !availableBackends().includes(b));
  if (missing.length === 0) {
    // CI installs neither native package, so there this path must run.
    assert.notEqual(process.env['CI'], 'true', 'CI=true with both native TensorFlow packages installed: the missing-package test cannot run');
    t.skip('both native packages are installed here; the missing-package path cannot be exercised');
    return;
  }
  const runs = mkdtempSync(join(tmpdir(), 'spin-backend-'));
  t.after(() => rmSync(runs, { recursive: true, force: true }));
  const results = await runAll(missing.map((b) => ['search', 'test/fixtures/spaces/tiny-convmixer.json', '--backend', b, '--runs-dir', runs, '--trials', '1', '--data-dir', 'test/fixtures/data']));
  results.forEach((r, i) => {
    const b = missing[i]!;
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^spin-nas: backend ${b} is not available: @tensorflow/tfjs-node${b === 'tensorflow-gpu' ? '-gpu' : ''} is not installed; .*tfjs issue 8742.*libtensorflow-${b === 'tensorflow-gpu' ? 'gpu' : 'cpu'}-linux-x86_64-2\\.9\\.1.*README\\.md "Training backends and the GPU".*--backend wasm`));
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });
  assert.equal(existsSync(join(runs, 'tiny-convmixer')), false, 'no run folder');
});
