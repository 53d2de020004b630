/**
 * Is there a WebGPU adapter, and is it a real GPU? Asked of Dawn in a child process, so the
 * thread that asks (the CLI, the pool's owner) loads no addon and creates no GPU instance,
 * and so that what Dawn prints (e.g. "Couldn't load Vulkan: libvulkan.so.1: cannot open
 * shared object file") can be read back as the reason. Cached per process (~1 s).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DAWN_PACKAGE, isSoftwareAdapter, noAdapterReason, type AdapterInfo } from './adapter.js';

export type WebgpuProbe =
  | { kind: 'missing' }
  | { kind: 'no-adapter'; reason: string }
  | { kind: 'adapter'; info: AdapterInfo; software: boolean };

/** File URL of Dawn's bindings, or null when the optional package is not installed. */
export function dawnModuleUrl(): string | null {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve(DAWN_PACKAGE)).href;
  } catch {
    return null;
  }
}

/** Run in the child: prints one JSON line (the adapter's info, or null). */
const PROBE = `
const { create } = await import(process.argv[1]);
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
const i = adapter?.info;
const info = i ? { vendor: i.vendor ?? '', architecture: i.architecture ?? '', device: i.device ?? '', description: i.description ?? '', isFallbackAdapter: i.isFallbackAdapter === true } : null;
process.stdout.write('SPIN_PROBE ' + JSON.stringify(info) + '\\n', () => process.exit(0));
`;

let cached: WebgpuProbe | undefined;

/** What Dawn finds on this machine, with the environment this process has. */
export function probeWebgpu(): WebgpuProbe {
  if (cached !== undefined) return cached;
  const url = dawnModuleUrl();
  if (url === null) return (cached = { kind: 'missing' });
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, url], { encoding: 'utf8', timeout: 60_000 });
  const line = `${child.stdout ?? ''}`.split('\n').find((l) => l.startsWith('SPIN_PROBE '));
  const info = line === undefined ? null : (JSON.parse(line.slice('SPIN_PROBE '.length)) as AdapterInfo | null);
  if (info === null) {
    const output = `${child.stderr ?? ''}\n${child.error?.message ?? ''}`;
    cached = { kind: 'no-adapter', reason: noAdapterReason(output) };
  } else {
    cached = { kind: 'adapter', info, software: isSoftwareAdapter(info) };
  }
  return cached;
}

/** Test-only: forget the cached answer (after changing the environment a child inherits). */
export function forgetWebgpuProbe(): void {
  cached = undefined;
}
