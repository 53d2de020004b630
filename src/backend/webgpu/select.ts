/**
 * Whether 'auto' may pick webgpu, and the one-line answer when a forced webgpu cannot run.
 * Both read the child-process probe (probe.ts), never this thread's own Dawn.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../../errors.js';
import { dawnMissingHint, softwareNote, webgpuInstallHint } from './adapter.js';
import { dawnModuleUrl, probeWebgpu, type WebgpuProbe } from './probe.js';

/** Dawn's bindings and tfjs-backend-webgpu are both installed (loads nothing). */
export function webgpuInstalled(): boolean {
  if (dawnModuleUrl() === null) return false;
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-webgpu');
    return true;
  } catch {
    return false;
  }
}

/** 'auto' takes webgpu only on a hardware adapter: never SwiftShader, llvmpipe or another CPU one. */
export function webgpuUsableByAuto(): boolean {
  const probe = probeWebgpu();
  return probe.kind === 'adapter' && !probe.software;
}

let noted = false;

/**
 * Throws the one-line UsageError when a forced webgpu has no package or no adapter. On a
 * software adapter it runs, after one line on stderr saying so (once per process).
 */
export function assertWebgpuUsable(
  probe: WebgpuProbe = probeWebgpu(),
  write: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): void {
  if (probe.kind === 'missing') throw new UsageError(`backend webgpu is not available: ${dawnMissingHint()}`);
  if (!webgpuInstalled()) throw new UsageError('backend webgpu is not available: @tensorflow/tfjs-backend-webgpu is missing; reinstall the project dependencies (`npm ci`)');
  if (probe.kind === 'no-adapter') throw new UsageError(`backend webgpu found no GPU adapter: ${probe.reason}; ${webgpuInstallHint()}`);
  if (probe.software && !noted) {
    noted = true;
    write(`spin-nas: note: ${softwareNote(probe.info)}`);
  }
}
