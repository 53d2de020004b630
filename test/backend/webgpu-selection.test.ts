/**
 * Choosing webgpu: 'auto' takes it only on a hardware adapter, a forced webgpu on a software
 * adapter runs with one line saying so, and without the package, a Vulkan loader or an
 * adapter it is one line naming what to install (exit 2 from the CLI) while 'auto' falls back.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { resolveBackend } from '../../src/backend/index.js';
import {
  assertWebgpuUsable, describeAdapter, isSoftwareAdapter, probeWebgpu, webgpuUsableByAuto, type AdapterInfo,
} from '../../src/backend/webgpu/index.js';
import { noAdapterReason } from '../../src/backend/webgpu/adapter.js';
import { UsageError } from '../../src/errors.js';
import { repoRoot, tempDir, webgpuMissing } from '../helpers.js';

const SWIFTSHADER: AdapterInfo = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true };
const INSTALL = /install a Vulkan loader \(Debian\/Ubuntu: apt-get install libvulkan1\) and your GPU vendor's Vulkan driver .*or train with --backend wasm$/;

test('CPU adapters are software, GPU adapters are not', () => {
  assert.ok(isSoftwareAdapter(SWIFTSHADER));
  assert.ok(isSoftwareAdapter({ ...SWIFTSHADER, isFallbackAdapter: false }), 'named SwiftShader even without the fallback flag');
  assert.ok(isSoftwareAdapter({ vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }));
  assert.ok(!isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ada', device: '', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false }));
  assert.equal(describeAdapter(SWIFTSHADER), 'SwiftShader driver 5.0.0 (google swiftshader)');
});

test("Dawn's 'Couldn't load Vulkan' becomes the reason", () => {
  const printed = "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory\n    at operator() (BackendVk.cpp:368)\n";
  assert.equal(noAdapterReason(printed), 'Dawn could not load Vulkan (libvulkan.so.1: cannot open shared object file: No such file or directory)');
  assert.equal(noAdapterReason(''), 'Dawn found no GPU adapter');
});

test('a forced webgpu without the package, or without an adapter, is one line saying what to install', () => {
  assert.throws(
    () => assertWebgpuUsable({ kind: 'missing' }),
    (e: unknown) => e instanceof UsageError && e.exitCode === 2 &&
      /^backend webgpu is not available: the optional package webgpu \(Dawn's WebGPU for Node\) is not installed: npm install webgpu@0\.6\.2; then install a Vulkan loader/.test(e.message),
  );
  assert.throws(
    () => assertWebgpuUsable({ kind: 'no-adapter', reason: 'Dawn could not load Vulkan (libvulkan.so.1: cannot open shared object file)' }),
    (e: unknown) => e instanceof UsageError && !e.message.includes('\n') &&
      /^backend webgpu found no GPU adapter: Dawn could not load Vulkan \(libvulkan\.so\.1: cannot open shared object file\); /.test(e.message) && INSTALL.test(e.message),
  );
});

test('auto never takes a software adapter; forced, webgpu runs on it with one line saying so', { skip: webgpuMissing() }, () => {
  const probe = probeWebgpu();
  assert.equal(probe.kind, 'adapter');
  if (probe.kind !== 'adapter' || !probe.software) {
    assert.equal(resolveBackend('auto'), 'webgpu', 'a hardware adapter is taken by auto');
    return;
  }
  assert.equal(webgpuUsableByAuto(), false);
  assert.notEqual(resolveBackend('auto'), 'webgpu');
  const lines: string[] = [];
  assertWebgpuUsable(probe, (line) => lines.push(line));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^spin-nas: note: backend webgpu runs on a software adapter, \S.*: CPU speed, for tests and dry runs \(--backend auto never picks it\)$/);
});

test('without Vulkan, search --backend webgpu stops with one line (exit 2) and auto falls back', () => {
  const env = { ...process.env };
  delete env['LD_LIBRARY_PATH'];
  delete env['VK_ICD_FILENAMES'];
  delete env['VK_DRIVER_FILES'];
  // A Vulkan loader finds no driver in an empty list (where Debian's libvulkan1 is installed).
  env['VK_ICD_FILENAMES'] = join(tempDir(), 'no-such-icd.json');
  const cli = spawnSync(process.execPath, [join(repoRoot, 'bin/spin-nas.js'), 'search', 'test/fixtures/spaces/tiny-convmixer.json',
    '--backend', 'webgpu', '--runs-dir', tempDir(), '--trials', '1', '--data-dir', 'test/fixtures/data'], { cwd: repoRoot, env, encoding: 'utf8' });
  assert.equal(cli.status, 2, cli.stderr);
  assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
  assert.match(cli.stderr, /^spin-nas: backend webgpu found no GPU adapter: Dawn (could not load Vulkan \(libvulkan\.so\.1: cannot open shared object file[^)]*\)|found no GPU adapter)/);
  assert.match(cli.stderr.trim(), INSTALL);
  const backend = pathToFileURL(join(repoRoot, 'dist/src/backend/index.js')).href;
  const auto = spawnSync(process.execPath, ['--input-type=module', '-e', `const { resolveBackend } = await import(${JSON.stringify(backend)}); console.log(resolveBackend('auto'));`], { env, encoding: 'utf8' });
  assert.equal(auto.status, 0, auto.stderr);
  assert.notEqual(auto.stdout.trim(), 'webgpu');
  assert.ok(['tensorflow-gpu', 'tensorflow', 'native', 'wasm'].includes(auto.stdout.trim()), auto.stdout);
});
