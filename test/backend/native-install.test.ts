/**
 * The native backend where its addon is missing, refused or present: `auto` falls back to
 * wasm with one line saying why, `--backend native` is a one-line error naming the Debian
 * package, and an addon built for another Node ABI is refused before it is loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, initBackend, resolveBackend } from '../../src/backend/index.js';
import { abiProblem, addonFileProblem, buildHint } from '../../src/backend/onednn/addon.js';
import { nativeKernelsProblem } from '../../src/backend/onednn/index.js';
import { simdKernels } from '../../src/backend/wasm/simd.js';
import { missing, repoRoot, runCli, tempDir } from '../helpers.js';

const HERE = { modules: '115', platform: 'linux', arch: 'x64', version: 'v20.20.2' };

/** Node in a child process from the repository root with SPIN_NATIVE_ADDON set: what it prints. */
function nodeWithAddon(addon: string, code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SPIN_NATIVE_ADDON: addon },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('native backend availability', () => {
  it('refuses an addon built for another Node ABI, platform or arch, naming both sides', () => {
    assert.equal(abiProblem({ nodeModuleVersion: 115, node: 'v20.20.2', platform: 'linux', arch: 'x64' }, HERE), null);
    assert.match(abiProblem({ nodeModuleVersion: 108, node: 'v18.19.0', platform: 'linux', arch: 'x64' }, HERE) ?? '',
      /built for Node ABI 108 \(v18\.19\.0\), this Node v20\.20\.2 is ABI 115/);
    assert.match(abiProblem({ nodeModuleVersion: 115, node: 'v20.20.2', platform: 'darwin', arch: 'arm64' }, HERE) ?? '',
      /built for darwin-arm64, this is linux-x64/);
  });

  it('names the rebuild a checkout needs, and the one a project that installed spin-nas as a dependency needs', () => {
    assert.match(buildHint('/home/me/spin-nas/'), /apt-get install -y libdnnl-dev .*then npm run build$/);
    assert.match(buildHint('/home/me/app/node_modules/spin-nas/'),
      /apt-get install -y libdnnl-dev .*then npm install-scripts approve spin-nas && npm rebuild spin-nas$/);
  });

  it('checks the build record before loading anything: a file that is no addon is refused by its ABI, not loaded', () => {
    const dir = tempDir();
    const addon = join(dir, 'spin_native.node');
    writeFileSync(addon, 'not a shared object');
    writeFileSync(join(dir, 'spin_native.json'), JSON.stringify({ nodeModuleVersion: 1, node: 'v0.1.0', platform: process.platform, arch: process.arch }));
    assert.match(addonFileProblem(addon) ?? '', /built for Node ABI 1 \(v0\.1\.0\)/);
    assert.match(addonFileProblem(join(dir, 'missing.node')) ?? '', /^the native kernels are not built/);
  });

  it('under auto trains on wasm without the addon and says why once; forced, it is one line naming libdnnl-dev', async () => {
    const code = "const b = await import('./dist/src/backend/index.js'); console.log(b.resolveBackend('auto'), b.resolveBackend('auto'));";
    const auto = nodeWithAddon('/nonexistent/spin_native.node', code);
    assert.equal(auto.status, 0, auto.stderr);
    assert.equal(auto.stdout.trim(), 'wasm wasm');
    const lines = auto.stderr.trim().split('\n');
    assert.equal(lines.length, 1, auto.stderr);
    assert.match(lines[0]!, /^spin-nas: training on wasm, not native: the native kernels are not built .*apt-get install -y libdnnl-dev/);

    const dir = tempDir();
    const saved = process.env['SPIN_NATIVE_ADDON'];
    process.env['SPIN_NATIVE_ADDON'] = '/nonexistent/spin_native.node';
    try {
      const r = await runCli(['search', 'search-spaces/convmixer-fmnist.json', '--backend', 'native', '--runs-dir', dir, '--trials', '1']);
      assert.equal(r.code, 2, r.stderr);
      const err = r.stderr.trim().split('\n');
      assert.equal(err.length, 1, r.stderr);
      assert.match(err[0]!, /backend native is not available: the native kernels are not built .*libdnnl-dev.*npm run build/);
    } finally {
      if (saved === undefined) delete process.env['SPIN_NATIVE_ADDON'];
      else process.env['SPIN_NATIVE_ADDON'] = saved;
    }
  });

  const skip = missing('the native kernels', nativeKernelsProblem() === null, `${nativeKernelsProblem()}`);

  it('is first in auto where the addon loads, and runs as the wasm backend with the native kernels', { skip }, async () => {
    assert.ok(availableBackends().indexOf('native') < availableBackends().indexOf('wasm'));
    if (!availableBackends().some((b) => b === 'tensorflow' || b === 'tensorflow-gpu')) assert.equal(resolveBackend('auto'), 'native');
    assert.equal(await initBackend('native'), 'native');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(simdKernels(tf.backend() as never)?.variant, 'native');
    assert.equal(await initBackend('wasm'), 'wasm');
    assert.notEqual(simdKernels(tf.backend() as never)?.variant, 'native', 'wasm again: the module alone');
  });
});
