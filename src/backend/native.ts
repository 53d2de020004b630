/**
 * The native TensorFlow backends (@tensorflow/tfjs-node and -gpu 4.22.0): whether they are
 * installed, whether their addon loads, and what a user can do when it does not. Their
 * install script downloads libtensorflow 2.9.1 from storage.googleapis.com, which upstream
 * now refuses (tfjs issue 8742), so a plain `npm install` of either fails; README.md
 * ("Training backends and the GPU") describes installing one with a libtensorflow 2.9.1 the
 * user already has. The hints below say so in one line.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';

export type NativeBackend = 'tensorflow-gpu' | 'tensorflow';

export const NATIVE_PACKAGES: Record<NativeBackend, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

const LIBTENSORFLOW: Record<NativeBackend, string> = {
  'tensorflow-gpu': 'libtensorflow-gpu-linux-x86_64-2.9.1.tar.gz (CUDA 11.2, cuDNN 8.1)',
  tensorflow: 'libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz',
};

/** What to do about a native backend that is missing or does not load: one line. */
export function nativeHint(name: NativeBackend): string {
  return (
    `${NATIVE_PACKAGES[name]}@4.22.0 cannot be installed by plain npm install (its download of libtensorflow 2.9.1 is refused upstream, tfjs issue 8742); ` +
    `with your own ${LIBTENSORFLOW[name]} install it as README.md "Training backends and the GPU" says, or train with --backend wasm`
  );
}

export function nativeInstalled(name: NativeBackend, resolveFrom: string = import.meta.url): boolean {
  try {
    createRequire(resolveFrom).resolve(NATIVE_PACKAGES[name]);
    return true;
  } catch {
    return false;
  }
}

const probed = new Map<string, string | null>();

/**
 * Why the native package `specifier` does not load, or null when it does. Loaded in a child
 * process: the addon may be loaded by only one thread of a process, and that must be the
 * trainer's worker, not this thread. Cached per process.
 */
export function nativeLoadProblem(specifier: string): string | null {
  const cached = probed.get(specifier);
  if (cached !== undefined) return cached;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  let problem: string | null = null;
  if (child.status !== 0) {
    const lines = `${child.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => /error/i.test(l));
    problem = (lines.find((l) => /cannot open shared object|\.so|dlopen|Cannot find module|Error:/.test(l)) ?? lines[0] ?? `exit ${child.status ?? child.signal}`).slice(0, 300);
  }
  probed.set(specifier, problem);
  return problem;
}

/** Throws the one-line UsageError when the forced native backend is missing or does not load. */
export function assertNativeUsable(name: NativeBackend, specifier: string = NATIVE_PACKAGES[name], installed = nativeInstalled(name)): void {
  if (!installed) throw new UsageError(`backend ${name} is not available: ${NATIVE_PACKAGES[name]} is not installed; ${nativeHint(name)}`);
  const problem = nativeLoadProblem(specifier);
  if (problem !== null) throw new UsageError(`backend ${name} is installed but does not load (${problem}); ${nativeHint(name)}`);
}
