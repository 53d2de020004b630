/**
 * What the webgpu backend knows about a GPU adapter without touching one: whether an
 * adapter is a software (CPU) implementation, how to name it in one line, and what a user
 * should install when there is none. Pure: no Dawn, no TensorFlow.js.
 */

/** The optional npm package with Dawn's Node bindings, and the version the project tests. */
export const DAWN_PACKAGE = 'webgpu';
export const DAWN_VERSION = '0.6.2';

/** The fields of GPUAdapterInfo the backend reads (Dawn fills them from the driver). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** WebGPU's own flag for an adapter that is a CPU implementation (SwiftShader sets it). */
  isFallbackAdapter?: boolean;
}

/**
 * Driver names of CPU implementations of Vulkan (and of Direct3D / Metal): Google's
 * SwiftShader, Mesa's llvmpipe/lavapipe and softpipe, Microsoft's WARP ("Basic Render").
 */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b|software/i;

/** True for a CPU implementation: never picked by 'auto', only when forced. */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  return [info.vendor, info.architecture, info.device, info.description].some((field) => SOFTWARE.test(field));
}

/** "SwiftShader driver 5.0.0 (google swiftshader)": the description, then vendor and architecture. */
export function describeAdapter(info: AdapterInfo): string {
  const origin = [info.vendor, info.architecture].filter((s) => s !== '').join(' ');
  const name = info.description !== '' ? info.description : info.device !== '' ? info.device : 'unnamed adapter';
  return origin === '' ? name : `${name} (${origin})`;
}

/** What to install for a GPU adapter: one clause, shared by every webgpu message. */
export function webgpuInstallHint(): string {
  return (
    'install a Vulkan loader (Debian/Ubuntu: apt-get install libvulkan1) and your GPU vendor\'s Vulkan driver ' +
    '(NVIDIA: the proprietary driver; AMD, Intel: mesa-vulkan-drivers), or train with --backend wasm'
  );
}

/** The optional package itself is missing. */
export function dawnMissingHint(): string {
  return `the optional package ${DAWN_PACKAGE} (Dawn's WebGPU for Node) is not installed: npm install ${DAWN_PACKAGE}@${DAWN_VERSION}; then ${webgpuInstallHint()}`;
}

/** Why a probe found no usable adapter, from what Dawn printed. */
export function noAdapterReason(dawnOutput: string): string {
  const vulkan = /Couldn't load Vulkan: ([^\n]*)/.exec(dawnOutput);
  if (vulkan) return `Dawn could not load Vulkan (${vulkan[1]!.trim()})`;
  const other = dawnOutput.split('\n').map((l) => l.trim()).find((l) => /error|warning/i.test(l));
  return other === undefined ? 'Dawn found no GPU adapter' : `Dawn found no GPU adapter (${other.slice(0, 200)})`;
}

/** The line printed when the forced webgpu backend runs on a CPU implementation. */
export function softwareNote(info: AdapterInfo): string {
  return `backend webgpu runs on a software adapter, ${describeAdapter(info)}: CPU speed, for tests and dry runs (--backend auto never picks it)`;
}
