/**
 * The project's WebAssembly SIMD kernels (AssemblyScript, src/backend/wasm/assembly,
 * compiled by `npm run build` into spin-kernels.{simd,relaxed}.wasm beside this file).
 *
 * Memory: the module imports the tfjs wasm backend's own WebAssembly.Memory as env.memory,
 * so kernels take byte offsets of tensors where they live (typedArrayFromHeap(..).byteOffset)
 * and copy nothing. It is safe because the module owns nothing in that memory: the build
 * (scripts/build-wasm.mjs) rejects any binary with data segments, globals, a start
 * function or imports other than the memory, and the AssemblyScript stub runtime with no
 * allocations uses no stack. It only writes the output offsets it is given, which the
 * caller allocated through the backend (makeOutput) before taking any offset; growth of
 * the memory by a later allocation is seen by both modules (one Memory object), and
 * offsets, unlike JS views, stay valid across it.
 *
 * Relaxed SIMD (f32x4.relaxed_madd) is used where the runtime validates it: Node 20 needs
 * --experimental-wasm-relaxed-simd, which NODE_OPTIONS refuses but v8.setFlagsFromString
 * accepts before the first compile. SPIN_WASM_SIMD=plain forces the plain build,
 * SPIN_WASM_SIMD=off the JS kernels (for before/after measurements).
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { WasmBackend } from './heap.js';

export interface SimdKernels {
  /** The wasm module's build, or 'native' where the native kernels overlay it (../onednn). */
  variant: SimdVariant | 'native';
  gelu(x: number, y: number, n: number): void;
  geluGrad(x: number, y: number, dy: number, dx: number, n: number): void;
  erf(x: number, y: number, n: number): void;
  erfGrad(x: number, dy: number, dx: number, n: number): void;
  depthwiseConv(x: number, f: number, out: number, n: number, h: number, w: number, c: number,
    oh: number, ow: number, kh: number, kw: number, pt: number, pl: number, flip: number): void;
  depthwiseFilterGrad(x: number, dy: number, dw: number, n: number, h: number, w: number, c: number,
    oh: number, ow: number, kh: number, kw: number, pt: number, pl: number): void;
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, sai: number, sak: number, scratch: number): void;
  gemmScratchFloats(n: number): number;
  /**
   * C[t] = op(A[t]) op(B[t]) for t < batch, both transposes read in place; batch strides in
   * floats (0: one matrix for all). Only the native overlay has it (gemm.ts uses it first).
   */
  gemmBatched?(a: number, b: number, c: number, batch: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean, strideA: number, strideB: number): void;
  channelMoments(x: number, mean: number, variance: number, rows: number, cols: number): void;
  channelAffine(x: number, a: number, b: number, out: number, rows: number, cols: number): void;
  channelAffine2(dy: number, x: number, a: number, p: number, q: number, out: number, rows: number, cols: number): void;
  columnSums(x: number, out: number, rows: number, cols: number, scale: number): void;
  batchNormSums(x: number, dy: number, mean: number, s1: number, s2: number, rows: number, cols: number): void;
  adam(w: number, g: number, m: number, v: number, out: number, n: number, lr: number, beta1: number,
    oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, c1: number, c2: number, eps: number): void;
  softmaxCrossEntropy(x: number, labels: number, rows: number, cols: number): number;
  softmaxCrossEntropyGrad(x: number, labels: number, dx: number, rows: number, cols: number, scale: number): void;
  layerNorm(x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, cols: number, eps: number): void;
  layerNormGrad(x: number, dy: number, gamma: number, mean: number, rstd: number,
    dx: number, dgamma: number, dbeta: number, rows: number, cols: number): void;
  softmax(x: number, y: number, rows: number, cols: number, scale: number): void;
  softmaxGrad(y: number, dy: number, dx: number, rows: number, cols: number, scale: number): void;
  biasGeluMoments(z: number, bias: number, g: number, mean: number, variance: number, acc: number, rows: number, cols: number): void;
  biasGeluBnGrad(dy: number, z: number, bias: number, g: number, a: number, p: number, q: number,
    dz: number, dbias: number, acc: number, rows: number, cols: number): void;
}

export type SimdVariant = 'simd' | 'relaxed';

const bytes = (variant: SimdVariant): Uint8Array =>
  readFileSync(new URL(`./spin-kernels.${variant}.wasm`, import.meta.url));

const modules = new Map<SimdVariant, WebAssembly.Module>();

let relaxedValid: boolean | undefined;

/** Whether relaxed SIMD validates here (on Node 20 after turning on its V8 flag, once). */
function relaxedSupported(): boolean {
  if (relaxedValid === undefined) {
    const relaxed = bytes('relaxed');
    if (!WebAssembly.validate(relaxed)) setFlagsFromString('--experimental-wasm-relaxed-simd');
    relaxedValid = WebAssembly.validate(relaxed);
  }
  return relaxedValid;
}

/** The variant this process runs: relaxed where it validates, unless SPIN_WASM_SIMD=plain. */
export function simdVariant(): SimdVariant {
  if (process.env['SPIN_WASM_SIMD'] === 'plain') return 'simd';
  return relaxedSupported() ? 'relaxed' : 'simd';
}

function compiled(variant: SimdVariant): WebAssembly.Module {
  let module = modules.get(variant);
  if (!module) {
    if (variant === 'relaxed' && !relaxedSupported()) throw new Error('relaxed SIMD does not validate in this runtime');
    module = new WebAssembly.Module(bytes(variant));
    modules.set(variant, module);
  }
  return module;
}

/** The backend's memory: exported by the plain build, Module.wasmMemory in the threaded one. */
function memoryOf(backend: WasmBackend): WebAssembly.Memory | undefined {
  const wasm = (backend as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  // A shared (threaded) memory cannot back our unshared import: the JS kernels serve it.
  if (!(memory instanceof WebAssembly.Memory) || memory.buffer instanceof SharedArrayBuffer) return undefined;
  return memory;
}

let forced: SimdVariant | undefined;

/** Makes every kernel use `variant` (undefined: the process's choice again); for tests. */
export function forceSimdVariant(variant: SimdVariant | undefined): void {
  forced = variant;
}

const instances = new WeakMap<WebAssembly.Memory, Map<SimdVariant, SimdKernels>>();

/** Kernels on the same heap that replace some of the module's (the native backend's). */
export type KernelOverlay = (memory: WebAssembly.Memory, base: SimdKernels) => SimdKernels;

let overlay: KernelOverlay | undefined;
let overlaid = new WeakMap<WebAssembly.Memory, SimdKernels>();

/**
 * Makes simdKernels() return `next` over the module's kernels (undefined: the module
 * alone), except where a test names or forces a variant. initBackend sets it per thread.
 */
export function setKernelOverlay(next: KernelOverlay | undefined): void {
  if (next === overlay) return;
  overlay = next;
  overlaid = new WeakMap();
}

/**
 * The kernels bound to `backend`'s heap (the process's variant unless one is named, for
 * tests), or undefined where they cannot run on it or SPIN_WASM_SIMD=off.
 */
export function simdKernels(backend: WasmBackend, variant?: SimdVariant): SimdKernels | undefined {
  if (process.env['SPIN_WASM_SIMD'] === 'off') return undefined;
  const memory = memoryOf(backend);
  if (!memory) return undefined;
  const v = variant ?? forced ?? simdVariant();
  let byVariant = instances.get(memory);
  if (!byVariant) instances.set(memory, (byVariant = new Map<SimdVariant, SimdKernels>()));
  let kernels = byVariant.get(v);
  if (!kernels) {
    const exports = new WebAssembly.Instance(compiled(v), { env: { memory } }).exports as unknown as Omit<SimdKernels, 'variant'>;
    kernels = { ...exports, variant: v };
    byVariant.set(v, kernels);
  }
  if (overlay && variant === undefined && forced === undefined) {
    let over = overlaid.get(memory);
    if (!over) overlaid.set(memory, (over = overlay(memory, kernels)));
    return over;
  }
  return kernels;
}
