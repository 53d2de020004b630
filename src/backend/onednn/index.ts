/**
 * The 'native' backend (issue 26): the wasm backend with its heavy kernels run by the
 * project's N-API addon over oneDNN (native/), on the wasm heap in place. tfjs still sees
 * the 'wasm' backend, so everything built on it (fused blocks, the fused Adam step,
 * checkpoints, export, the no-leak checks) runs unchanged; only the kernels' insides move.
 */
import { setKernelOverlay } from '../wasm/simd.js';
import { loadAddon, nativeKernelsProblem } from './addon.js';
import { nativeOverlay } from './kernels.js';

export { APT_PACKAGE, BUILD_HINT, nativeKernelsProblem } from './addon.js';
export { nativeCalls } from './kernels.js';

/**
 * oneDNN threads per training thread: 1 (each pool worker trains one trial on one core),
 * unless SPIN_NATIVE_THREADS says otherwise (e.g. one worker using every core).
 */
export function nativeThreads(): number {
  const value = Number(process.env['SPIN_NATIVE_THREADS'] ?? '1');
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * Turns the native kernels on or off for this thread's wasm backend. On, it throws the
 * one-line problem where the addon cannot be used (callers check nativeKernelsProblem first).
 */
export function useNativeKernels(on: boolean): void {
  if (!on) {
    setKernelOverlay(undefined);
    return;
  }
  const { addon, problem } = loadAddon();
  if (!addon) throw new Error(nativeKernelsProblem() ?? problem);
  addon.setThreads(nativeThreads());
  setKernelOverlay(overlayOf(addon));
}

let cached: ReturnType<typeof nativeOverlay> | undefined;
function overlayOf(addon: Parameters<typeof nativeOverlay>[0]): ReturnType<typeof nativeOverlay> {
  return (cached ??= nativeOverlay(addon));
}
