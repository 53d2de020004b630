/**
 * The native kernels addon (native/, issue 26): where it is, whether it may be loaded here,
 * and loading it once per thread. `npm run build` (and the install script) build it with
 * node-gyp and write spin_native.json beside it, saying which Node ABI, platform and arch it
 * was built for; that is checked before anything is loaded, so an addon built for another
 * Node is refused with one line rather than loaded. The addon is context-aware: every worker
 * thread loads its own instance.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's exports (native/src/addon.cc). Offsets are byte offsets into `heap`. */
export interface NativeAddon {
  gemm(heap: ArrayBuffer, a: number, b: number, c: number, batch: number, m: number, n: number, k: number,
    transposeA: number, transposeB: number, strideA: number, strideB: number): void;
  depthwiseForward(heap: ArrayBuffer, x: number, f: number, y: number, ...sizes: DepthwiseSizes): void;
  depthwiseInputGrad(heap: ArrayBuffer, dy: number, f: number, dx: number, ...sizes: DepthwiseSizes): void;
  depthwiseFilterGrad(heap: ArrayBuffer, x: number, dy: number, df: number, ...sizes: DepthwiseSizes): void;
  adam(heap: ArrayBuffer, w: number, g: number, m: number, v: number, out: number, n: number, lr: number, beta1: number,
    oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, c1: number, c2: number, eps: number): void;
  channelAffine(heap: ArrayBuffer, x: number, a: number, b: number, out: number, rows: number, cols: number): void;
  channelAffine2(heap: ArrayBuffer, dy: number, x: number, a: number, p: number, q: number, out: number, rows: number, cols: number): void;
  biasGeluMoments(heap: ArrayBuffer, z: number, bias: number, g: number, mean: number, variance: number, rows: number, cols: number): void;
  biasGeluBnGrad(heap: ArrayBuffer, dy: number, z: number, bias: number, g: number, a: number, p: number, q: number,
    dz: number, dbias: number, rows: number, cols: number): void;
  batchNormSums(heap: ArrayBuffer, x: number, dy: number, mean: number, s1: number, s2: number, rows: number, cols: number): void;
  gelu(heap: ArrayBuffer, x: number, y: number, n: number): void;
  geluGrad(heap: ArrayBuffer, x: number, y: number, dy: number, dx: number, n: number): void;
  setThreads(n: number): void;
  depthwiseImpl(...sizes: DepthwiseSizes): string;
  info(): AddonInfo;
}

/** Sizes of the forward depthwise conv: n, h, w, c, oh, ow, kh, kw, padTop, padLeft. */
export type DepthwiseSizes = [number, number, number, number, number, number, number, number, number, number];

export interface AddonInfo {
  nodeModuleVersion: number;
  napiVersion: number;
  library: string;
  isa: string;
  threading: string;
  threads: number;
}

/** What spin_native.json says the addon was built for. */
export interface BuildMeta {
  nodeModuleVersion: number;
  node: string;
  platform: string;
  arch: string;
}

export const APT_PACKAGE = 'libdnnl-dev';
const PACKAGE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * How to build the addon where spin-nas lives at `packageRoot`: its own checkout rebuilds
 * with `npm run build`; a project that installed it as a dependency approves its install
 * script (npm 11) and rebuilds it. Pure.
 */
export function buildHint(packageRoot: string): string {
  const asDependency = /[\\/]node_modules[\\/]/.test(packageRoot);
  return `apt-get install -y ${APT_PACKAGE} g++ make python3, then ${asDependency ? 'npm install-scripts approve spin-nas && npm rebuild spin-nas' : 'npm run build'}`;
}

export const BUILD_HINT = buildHint(PACKAGE_ROOT);

const BUILT = join(PACKAGE_ROOT, 'native', 'build', 'Release', 'spin_native.node');
const BUILD_LOG = join(PACKAGE_ROOT, 'native', 'build-error.log');

/** The addon file: the build's, or SPIN_NATIVE_ADDON (to diagnose, and for the install tests). */
function addonPath(): string {
  return process.env['SPIN_NATIVE_ADDON'] || BUILT;
}

/** Its build record, beside it. */
const metaPath = (addon: string): string => addon.replace(/\.node$/, '.json');

/** Why an addon built for `meta` must not be loaded by this runtime, or null. Pure. */
export function abiProblem(meta: BuildMeta, runtime: { modules: string; platform: string; arch: string; version: string }): string | null {
  if (meta.platform !== runtime.platform || meta.arch !== runtime.arch) {
    return `the native kernels were built for ${meta.platform}-${meta.arch}, this is ${runtime.platform}-${runtime.arch}`;
  }
  if (String(meta.nodeModuleVersion) !== runtime.modules) {
    return `the native kernels were built for Node ABI ${meta.nodeModuleVersion} (${meta.node}), this Node ${runtime.version} is ABI ${runtime.modules}`;
  }
  return null;
}

/** Why the addon at `addonPath` (with its `metaPath`) cannot be used here, or null. Loads nothing. */
export function addonFileProblem(addon: string = addonPath()): string | null {
  if (!existsSync(addon)) {
    return `the native kernels are not built${existsSync(BUILD_LOG) && addon === BUILT ? ' (their build failed: native/build-error.log)' : ` (no ${addon})`}`;
  }
  let meta: BuildMeta;
  try {
    meta = JSON.parse(readFileSync(metaPath(addon), 'utf8')) as BuildMeta;
  } catch {
    return `the native kernels have no readable build record (${metaPath(addon)})`;
  }
  return abiProblem(meta, { modules: process.versions.modules, platform: process.platform, arch: process.arch, version: process.version });
}

let loaded: { addon?: NativeAddon; problem?: string } | undefined;

/** The addon (loaded once per thread), or why it cannot be used: one line, no stack. */
export function loadAddon(): { addon: NativeAddon; problem?: undefined } | { addon?: undefined; problem: string } {
  if (!loaded) {
    const problem = addonFileProblem();
    if (problem !== null) {
      loaded = { problem };
    } else {
      try {
        const addon = createRequire(import.meta.url)(addonPath()) as NativeAddon;
        const built = addon.info().nodeModuleVersion;
        loaded = String(built) === process.versions.modules
          ? { addon }
          : { problem: `the native kernels were built for Node ABI ${built}, this Node is ABI ${process.versions.modules}` };
      } catch (error) {
        loaded = { problem: `the native kernels do not load (${(error as Error).message.split('\n')[0]!.slice(0, 200)})` };
      }
    }
  }
  return loaded.addon ? { addon: loaded.addon } : { problem: loaded.problem! };
}

/** Why `--backend native` cannot run here (one line naming the fix), or null when it can. */
export function nativeKernelsProblem(): string | null {
  const { problem } = loadAddon();
  return problem === undefined ? null : `${problem}; ${BUILD_HINT}`;
}
