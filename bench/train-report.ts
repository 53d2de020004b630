/** Console tables of the training benchmark (rows and the per-kernel profile). */
import Table from 'cli-table3';
import type { CorePeak } from './cpu-peak.js';
import type { TrainBenchRow } from './train.bench.js';
import type { KernelCost } from './train-profile.js';

const fmt = (v: number): string => v.toFixed(v < 1 ? 3 : 1);

export function printRows(rows: TrainBenchRow[], cores: number, peak?: CorePeak): void {
  const table = new Table({
    head: ['model', 'backend', 'workers', 'images/s', 'images/CPU-s', 'GFLOP/s/core', 'PyTorch images/s (format)', 'PyTorch other format',
      'PyTorch images/CPU-s', 'PyTorch GFLOP/s/core', 'ratio', 'ratio per CPU-s', 'reps', 'peak RSS MB', 'heap growth', 'load (1 min)'],
    style: { compact: true },
  });
  for (const r of rows) {
    const p = r.pytorch;
    const other = p ? Object.entries(p.byFormat).find(([f]) => f !== p.format) : undefined;
    table.push([r.model, r.backend, r.workers, fmt(r.imagesPerSecond), fmt(r.imagesPerCpuSecond), fmt(r.gflopsPerCore),
      p ? `${fmt(p.imagesPerSecond)} (${p.format})` : '-', other ? `${fmt(other[1])} (${other[0]})` : '-', p ? fmt(p.imagesPerCpuSecond) : '-',
      p ? fmt(p.gflopsPerCore) : '-',
      p ? p.ratio.toFixed(2) : '-', p ? p.ratioPerCpuSecond.toFixed(2) : '-', r.repetitions, r.peakRssMb.toFixed(0),
      r.heapGrowthBytes === undefined ? '-' : `${(r.heapGrowthBytes / 2 ** 20).toFixed(1)} MB`, r.loadAverage.toFixed(2)]);
  }
  console.log(`Training throughput, batch 64 (cpu: see note), 28x28x1 inputs, 10 classes, Adam, ${cores} cores; medians over reps`);
  console.log(table.toString());
  for (const r of rows) if (r.note) console.log(`${r.backend} x${r.workers}: ${r.note}`);
  console.log('images/CPU-s: images per second of process CPU time (ours: all worker threads; PyTorch: all its threads).');
  console.log('ratio: ours / PyTorch at its faster memory format (named), threads = workers, interleaved repetition by repetition.');
  console.log('GFLOP/s/core: 3 x the cost model\'s forward FLOPs per image (forward, input and weight gradients) x images/s / workers.');
  console.log(peak ? `Core FP32 FMA peak: ${peak.how}.` : 'Core FP32 FMA peak: lscpu unavailable.');
}

export function printProfile(kernels: KernelCost[], title: string, depth?: number): void {
  const cpuMs = kernels.reduce((sum, k) => sum + k.cpuMsPerStep, 0);
  const head = ['kernel', 'calls/step', 'CPU ms/step', ...(depth ? ['per block (/depth)'] : []), 'wall ms/step', 'share of CPU'];
  const table = new Table({ head, style: { compact: true } });
  for (const k of kernels.filter((k) => k.cpuMsPerStep >= 0.5)) {
    table.push([k.kernel, k.callsPerStep.toFixed(0), k.cpuMsPerStep.toFixed(1), ...(depth ? [(k.cpuMsPerStep / depth).toFixed(1)] : []),
      k.wallMsPerStep.toFixed(1), `${((100 * k.cpuMsPerStep) / cpuMs).toFixed(1)}%`]);
  }
  console.log(title);
  console.log(table.toString());
}
