/**
 * The webgpu backend in this thread: Dawn's Node bindings (the optional npm package
 * `webgpu`) give a GPUDevice, on which @tensorflow/tfjs-backend-webgpu runs the stock
 * TensorFlow.js kernels (the project's fused wasm kernels do not exist there; its global
 * gradients are plain tf ops and hold on every backend, see test/backend/webgpu-gradients).
 *
 * The backend is registered here, not by the package's own import-time registration: that
 * one needs `navigator.gpu` before the import and takes whatever adapter comes first; this
 * one asks for the high-performance adapter, says when it is a software one, and watches
 * the device for loss. Dawn's addon loads in any number of worker threads of one process,
 * each with its own device (measured, see README "GPU training with WebGPU").
 *
 * A lost device (driver reset, GPU removed, out of memory) fails the running trial with
 * the reason (trainer.ts asks `webgpuDeviceLost`), and the next initBackend('webgpu') in
 * this thread makes a new device.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { dawnMissingHint, describeAdapter, noAdapterReason, webgpuInstallHint, type AdapterInfo } from './adapter.js';
import { dawnModuleUrl, probeWebgpu } from './probe.js';

export { describeAdapter, isSoftwareAdapter, softwareNote, webgpuInstallHint, dawnMissingHint, type AdapterInfo } from './adapter.js';
export { probeWebgpu, forgetWebgpuProbe, type WebgpuProbe } from './probe.js';
export { assertWebgpuUsable, webgpuInstalled, webgpuUsableByAuto } from './select.js';

/** The parts of the WebGPU API this file touches (Dawn implements the whole of it). */
interface GpuDevice {
  readonly lost: Promise<{ reason: string; message: string }>;
  destroy(): void;
}
interface GpuAdapter {
  readonly info: AdapterInfo;
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number>;
  requestDevice(descriptor: object): Promise<GpuDevice>;
}
interface Gpu {
  requestAdapter(options: object): Promise<GpuAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): Gpu;
  globals: object;
}
type BackendClass = new (device: GpuDevice, info: AdapterInfo) => tf.KernelBackend;

interface Current {
  device: GpuDevice;
  info: AdapterInfo;
  /** Set when the device is lost: "reason: message". */
  lost: string | null;
}

let current: Current | null = null;

/** The adapter this thread trains on, once initWebgpu has run. */
export function webgpuAdapter(): AdapterInfo | null {
  return current?.info ?? null;
}

/** Why this thread's device was lost ("destroyed: ...", "unknown: ..."), or null. */
export function webgpuDeviceLost(): string | null {
  return current?.lost ?? null;
}

/** Test-only: destroys this thread's device, as a driver reset would lose it. */
export function loseWebgpuDeviceForTest(): void {
  current?.device.destroy();
}

/** Makes `navigator.gpu` exist: tfjs-backend-webgpu checks it (Node 20 has no navigator). */
function exposeGpu(gpu: Gpu): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) g.navigator = {};
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
}

/** The device descriptor tfjs-backend-webgpu asks for (its base.ts): the adapter's own limits. */
function deviceDescriptor(adapter: GpuAdapter): object {
  const l = adapter.limits;
  return {
    requiredFeatures: ['timestamp-query'].filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l['maxComputeWorkgroupStorageSize'],
      maxComputeWorkgroupsPerDimension: l['maxComputeWorkgroupsPerDimension'],
      maxStorageBufferBindingSize: l['maxStorageBufferBindingSize'],
      maxBufferSize: l['maxBufferSize'],
      maxComputeWorkgroupSizeX: l['maxComputeWorkgroupSizeX'],
      maxComputeInvocationsPerWorkgroup: l['maxComputeInvocationsPerWorkgroup'],
    },
  };
}

async function importDawn(): Promise<DawnModule> {
  const url = dawnModuleUrl();
  if (url === null) throw new UsageError(`backend webgpu is not available: ${dawnMissingHint()}`);
  try {
    return (await import(url)) as DawnModule;
  } catch (error) {
    throw new UsageError(`backend webgpu failed to load Dawn (${(error as Error).message.split('\n')[0]}); ${webgpuInstallHint()}`, { cause: error });
  }
}

/** Dawn prints why it found no adapter on stderr, which this thread cannot read: the probe (a child) can. */
function noAdapter(): UsageError {
  const probe = probeWebgpu();
  const reason = probe.kind === 'no-adapter' ? probe.reason : noAdapterReason('');
  return new UsageError(`backend webgpu found no GPU adapter: ${reason}; ${webgpuInstallHint()}`);
}

/**
 * Registers and activates the 'webgpu' TensorFlow.js backend on a new device, unless this
 * thread already has one that is not lost. Returns the adapter's info.
 */
export async function initWebgpu(): Promise<AdapterInfo> {
  if (current !== null && current.lost === null && tf.findBackend('webgpu') !== null) {
    if (tf.getBackend() !== 'webgpu') await tf.setBackend('webgpu');
    return current.info;
  }
  const dawn = await importDawn();
  Object.assign(globalThis, dawn.globals);
  // Imported before navigator.gpu exists, so its own registration stays out of the way.
  const { WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as { WebGPUBackend: BackendClass };
  const gpu = dawn.create([]);
  exposeGpu(gpu);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw noAdapter();
  const device = await adapter.requestDevice(deviceDescriptor(adapter));
  const info: AdapterInfo = {
    vendor: adapter.info.vendor,
    architecture: adapter.info.architecture,
    device: adapter.info.device,
    description: adapter.info.description,
    isFallbackAdapter: adapter.info.isFallbackAdapter === true,
  };
  const state: Current = { device, info, lost: null };
  void device.lost.then((why) => {
    state.lost = `${why.reason}: ${why.message}`;
  });
  if (tf.findBackend('webgpu') !== null) {
    try {
      tf.removeBackend('webgpu');
    } catch {
      // A backend on a lost device may fail to release its buffers: the device is gone anyway.
    }
  }
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info));
  current = state;
  if (!(await tf.setBackend('webgpu'))) {
    throw new UsageError(`backend webgpu failed to initialise on ${describeAdapter(info)}; ${webgpuInstallHint()}`);
  }
  return info;
}

