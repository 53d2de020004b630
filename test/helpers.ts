/**
 * The test suite's shared helpers: the repository root, the CLI run as a user runs it,
 * temporary folders that are removed when the test file's process exits, and checks for
 * installed resources (a dataset, Chromium) that skip with a reason outside CI and fail
 * under CI=true, where .ci/run installs them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { probeWebgpu } from '../src/backend/webgpu/index.js';
import { defaultDataDir } from '../src/data/index.js';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

/** The repository root (tests run compiled, from dist/test/). */
export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The built command (bin/spin-nas.js runs dist/src/cli/main.js). */
export const BIN = join(repoRoot, 'bin', 'spin-nas.js');

// ---- the CLI ----

export interface CliResult {
  /** Exit code; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `spin-nas <args>` in a child process from the repository root, without colours. */
export function spawnCli(args: readonly string[]): { child: ChildProcess; exit: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

/** Runs `spin-nas <args>` to the end: real exit code, real stdout and stderr. */
export function runCli(args: readonly string[]): Promise<CliResult> {
  return spawnCli(args).exit;
}

/** Runs many CLI calls, a few at a time (the test machine has 2 cores). */
export async function runAll(calls: readonly string[][], parallel = 3): Promise<CliResult[]> {
  const results = new Array<CliResult>(calls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls.length) {
      const i = next++;
      results[i] = await runCli(calls[i]!);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** Runs the CLI in this process (the code path of bin/spin-nas.js), capturing its output. */
export async function runInProcess(args: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  process.stdout.write = (chunk: string) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string) => err.push(String(chunk)) > 0;
  try {
    const code = await main(['node', 'spin-nas', ...args]);
    process.exitCode = undefined;
    return { code, signal: null, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}

// ---- temporary folders ----

const temporary = new Set<string>();

/** A new empty folder under the system's temporary folder, removed when this process exits. */
export function tempDir(prefix = 'spin-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (temporary.size === 0) process.once('exit', removeTemporary);
  temporary.add(dir);
  return dir;
}

function removeTemporary(): void {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  temporary.clear();
}

// ---- installed resources ----

/**
 * Why a test that needs `what` cannot run here (a skip reason for node:test), or false
 * when it is present. Under CI=true a missing resource throws instead: CI installs it.
 */
export function missing(what: string, present: boolean, install: string): string | false {
  if (present) return false;
  const why = `${what} is not installed (${install})`;
  if (process.env['CI'] === 'true') throw new Error(`${why}; CI must have it: see .ci/run`);
  return why;
}

export const FASHION_MNIST_DIR = defaultDataDir('fashion-mnist') ?? '/usr/share/datasets/fashion-mnist';

export function fashionMnistMissing(dir = FASHION_MNIST_DIR): string | false {
  const present = existsSync(join(dir, 'train-images-idx3-ubyte.gz')) || existsSync(join(dir, 'train-images-idx3-ubyte'));
  return missing(`Fashion-MNIST in ${dir}`, present, 'apt-get install -y dataset-fashion-mnist');
}

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function chromiumMissing(): string | false {
  return missing(`chromium at ${CHROMIUM}`, existsSync(CHROMIUM), 'apt-get install -y chromium, or set CHROMIUM_PATH');
}

/**
 * Why the webgpu tests cannot run here, or false when Dawn finds an adapter. scripts/run-tests.mjs
 * points Vulkan at Chromium's SwiftShader (LD_LIBRARY_PATH, VK_ICD_FILENAMES) unless
 * SPIN_TEST_VULKAN=system asks for the machine's own driver (a real GPU).
 */
export function webgpuMissing(): string | false {
  const probe = probeWebgpu();
  const why = probe.kind === 'missing' ? 'the optional package webgpu is not installed' : probe.kind === 'no-adapter' ? probe.reason : '';
  return missing(
    `a WebGPU adapter (${why})`,
    probe.kind === 'adapter',
    'apt-get install -y chromium for SwiftShader, and run the tests through scripts/run-tests.mjs, which sets LD_LIBRARY_PATH and VK_ICD_FILENAMES',
  );
}
