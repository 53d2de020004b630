/**
 * Fast training on the wasm backend: gradient kernels the stock backend lacks, and faster
 * formulations of the slow ones. (Owned by the wasm-speed work; see issue 6.)
 */

/** Registers the project's wasm kernels and gradients. Safe to call more than once. */
export function installWasmKernels(): void {
  // Filled in by the wasm kernels work.
}
