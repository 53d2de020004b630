/**
 * Per-kernel CPU profile of training steps on one backend: wraps every registered kernel
 * of the backend to time it (outermost calls only, so a kernel that calls others is
 * charged for them once). Runs in its own worker: the wrapping is process-global.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';

export interface KernelCost {
  kernel: string;
  callsPerStep: number;
  cpuMsPerStep: number;
  wallMsPerStep: number;
}

export class KernelProfiler {
  #stats = new Map<string, { cpu: number; wall: number; calls: number }>();
  #depth = 0;

  /** Wraps every kernel registered for `backend` (call after the backend is set up). */
  install(backend: string): void {
    for (const config of tf.getKernelsForBackend(backend)) {
      const inner = config.kernelFunc;
      tf.unregisterKernel(config.kernelName, backend);
      const wrapped: KernelConfig = { ...config, kernelFunc: ((args: Parameters<KernelFunc>[0]) => this.#time(config.kernelName, () => inner(args))) };
      tf.registerKernel(wrapped);
    }
  }

  reset(): void {
    this.#stats.clear();
  }

  /** Costs per step over `steps` steps, most expensive first. */
  report(steps: number): KernelCost[] {
    return [...this.#stats].map(([kernel, s]) => ({
      kernel, callsPerStep: s.calls / steps, cpuMsPerStep: s.cpu / steps, wallMsPerStep: s.wall / steps,
    })).sort((a, b) => b.cpuMsPerStep - a.cpuMsPerStep);
  }

  #time<T>(name: string, run: () => T): T {
    if (this.#depth > 0) return run();
    this.#depth++;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    try {
      return run();
    } finally {
      const cpu = process.cpuUsage(cpu0);
      const s = this.#stats.get(name) ?? { cpu: 0, wall: 0, calls: 0 };
      s.cpu += (cpu.user + cpu.system) / 1000;
      s.wall += performance.now() - wall0;
      s.calls++;
      this.#stats.set(name, s);
      this.#depth--;
    }
  }
}
