/**
 * TensorFlow.js backend selection. Order for 'auto': 'webgpu' (only on a hardware GPU
 * adapter, see webgpu/), tfjs-node-gpu ('tensorflow-gpu'), tfjs-node ('tensorflow'),
 * 'native' (the wasm backend with the project's oneDNN kernels, onednn/), 'wasm', 'cpu'.
 *
 * The native packages are optional peer dependencies (see native.ts: their install cannot
 * download libtensorflow any more), so they are probed by module resolution and by loading
 * them in a child process, and loaded with a dynamic import only by the thread that trains. The native addon cannot
 * be loaded by a second worker thread of one process: the trainer pool therefore runs
 * native backends in exactly one long-lived worker per process (see train/pool.ts).
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import type { BackendName } from '../train/types.js';
import { assertNativeUsable, nativeHint, nativeLoadProblem, NATIVE_PACKAGES as NATIVE, type NativeBackend } from './native.js';
import { BUILD_HINT, nativeKernelsProblem, useNativeKernels } from './onednn/index.js';
import { installWasmKernels } from './wasm/index.js';
import { assertWebgpuUsable, initWebgpu, webgpuInstalled, webgpuUsableByAuto } from './webgpu/index.js';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'tensorflow-gpu', 'tensorflow', 'native', 'wasm', 'cpu'];

const NATIVE_PACKAGES: Partial<Record<BackendName, string>> = NATIVE;

const INSTALL_HINTS: Record<BackendName, string> = {
  'tensorflow-gpu': nativeHint('tensorflow-gpu'),
  tensorflow: nativeHint('tensorflow'),
  native: BUILD_HINT,
  webgpu: 'see README.md "GPU training with WebGPU"',
  wasm: 'reinstall the project dependencies (`npm ci`): @tensorflow/tfjs-backend-wasm is missing',
  cpu: 'reinstall the project dependencies (`npm ci`): @tensorflow/tfjs is missing',
};

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(value);
}

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Backends usable in this installation, best first. Loads no native addon. */
export function availableBackends(): BackendName[] {
  return BACKEND_ORDER.filter((name) => {
    const pkg = NATIVE_PACKAGES[name];
    if (pkg !== undefined) return installed(pkg);
    if (name === 'wasm') return installed('@tensorflow/tfjs-backend-wasm');
    if (name === 'native') return installed('@tensorflow/tfjs-backend-wasm') && nativeKernelsProblem() === null;
    if (name === 'webgpu') return webgpuInstalled();
    return true;
  });
}

/**
 * Resolves 'auto' (or validates a forced name). A native backend is checked by loading its
 * addon in a child process (this thread loads nothing): forced, one that is missing or does
 * not load is a one-line UsageError; under 'auto' it is skipped.
 */
export function resolveBackend(name: BackendName | 'auto'): BackendName {
  if (name === 'auto') {
    const chosen = availableBackends().find((b) => (b === 'webgpu' ? webgpuUsableByAuto() : !isNative(b) || nativeLoadProblem(NATIVE[b]) === null)) ?? 'cpu';
    if (chosen === 'wasm') sayOnceWhyNotNative();
    return chosen;
  }
  if (!isBackendName(name)) {
    throw new UsageError(`unknown backend "${String(name)}"; choose one of auto, ${BACKEND_ORDER.join(', ')}`);
  }
  if (name === 'webgpu') assertWebgpuUsable();
  else if (isNative(name)) assertNativeUsable(name, NATIVE[name], availableBackends().includes(name));
  else if (name === 'native' && nativeKernelsProblem() !== null) throw new UsageError(`backend native is not available: ${nativeKernelsProblem()}`);
  else if (!availableBackends().includes(name)) throw new UsageError(`backend ${name} is not available: ${INSTALL_HINTS[name]}`);
  return name;
}

function isNative(name: BackendName): name is NativeBackend {
  return name in NATIVE;
}

async function loadNative(name: BackendName, pkg: string): Promise<void> {
  try {
    await import(pkg);
  } catch (error) {
    throw new UsageError(`backend ${name} failed to load (${(error as Error).message}); ${INSTALL_HINTS[name]}`, {
      cause: error,
    });
  }
}

let toldWhyNotNative = false;

/** Under 'auto', one line (once per process) saying why the native kernels are not used. */
function sayOnceWhyNotNative(): void {
  const problem = nativeKernelsProblem();
  if (problem === null || toldWhyNotNative) return;
  toldWhyNotNative = true;
  console.error(`spin-nas: training on wasm, not native: ${problem}`);
}

let wasmLoaded = false;

/**
 * Makes `name` (or the best available backend for 'auto') the active TensorFlow.js
 * backend of this thread and returns the one chosen. Forcing a missing backend throws a
 * UsageError saying how to install it.
 */
export async function initBackend(name: BackendName | 'auto'): Promise<BackendName> {
  // A forced native backend is loaded right here (loadNative reports a failure): no probe.
  const forcedNative = name !== 'auto' && isBackendName(name) && isNative(name);
  if (forcedNative && !availableBackends().includes(name)) {
    throw new UsageError(`backend ${name} is not available: ${NATIVE[name]} is not installed; ${INSTALL_HINTS[name]}`);
  }
  // So is a forced webgpu (initWebgpu says why when there is no adapter): no probe per worker.
  const chosen = forcedNative || name === 'webgpu' ? name : resolveBackend(name);
  tf.enableProdMode();
  if (chosen === 'webgpu') {
    await initWebgpu();
    return chosen;
  }
  const pkg = NATIVE_PACKAGES[chosen];
  let tfName: string = chosen === 'native' ? 'wasm' : chosen;
  if (pkg !== undefined) {
    await loadNative(chosen, pkg);
    tfName = 'tensorflow';
  } else if ((chosen === 'wasm' || chosen === 'native') && !wasmLoaded) {
    await import('@tensorflow/tfjs-backend-wasm');
    wasmLoaded = true;
  }
  if (tf.engine().backendName !== tfName) {
    const ok = await tf.setBackend(tfName);
    if (!ok) throw new UsageError(`backend ${chosen} failed to initialise; ${INSTALL_HINTS[chosen]}`);
  }
  await tf.ready();
  if (chosen === 'wasm' || chosen === 'native') installWasmKernels();
  useNativeKernels(chosen === 'native');
  return chosen;
}
