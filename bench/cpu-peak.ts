/**
 * The FP32 fused-multiply-add peak of one core, estimated from `lscpu` (an estimate, not a
 * measurement): FLOP/cycle = 2 (an FMA is two FLOPs) x FP32 lanes x FMA pipes, times the
 * clock. Lanes: 16 with AVX-512 (8 on AMD Zen 4, family 25, which runs 512-bit FMAs as two
 * 256-bit halves), 8 with AVX2+FMA, 4 otherwise; 2 FMA pipes (x86 server cores since Haswell
 * and Zen 1; Zen 5, family 26, has two full 512-bit pipes). Clock: lscpu's "CPU max MHz",
 * else the TSC clock (BogoMIPS / 2), which on a VM is the nominal clock, not the boost one.
 */
import { spawnSync } from 'node:child_process';

export interface CorePeak {
  gflops: number;
  /** How it was derived, one line. */
  how: string;
}

/** The peak from lscpu's text (pure, for any machine's output). */
export function peakFromLscpu(text: string): CorePeak | undefined {
  const field = (name: string): string | undefined => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
  const flags = new Set((field('Flags') ?? '').split(/\s+/));
  const vendor = field('Vendor ID') ?? '';
  const family = Number(field('CPU family'));
  const maxMhz = Number(field('CPU max MHz'));
  const bogo = Number(field('BogoMIPS'));
  const mhz = maxMhz > 0 ? maxMhz : bogo > 0 ? bogo / 2 : NaN;
  if (!(mhz > 0)) return undefined;
  const zen4 = vendor === 'AuthenticAMD' && family === 25;
  const lanes = flags.has('avx512f') ? (zen4 ? 8 : 16) : flags.has('avx2') && flags.has('fma') ? 8 : 4;
  const pipes = 2;
  const gflops = (2 * lanes * pipes * mhz) / 1000;
  const isa = flags.has('avx512f') ? `AVX-512${zen4 ? ' (Zen 4: 2x256-bit)' : ''}` : flags.has('avx2') ? 'AVX2' : 'SSE';
  const clock = maxMhz > 0 ? `CPU max MHz ${maxMhz}` : `TSC ${mhz.toFixed(0)} MHz (BogoMIPS ${bogo} / 2)`;
  return { gflops, how: `2 FLOP x ${lanes} FP32 lanes (${isa}) x ${pipes} FMA pipes x ${clock} = ${gflops.toFixed(0)} GFLOP/s per core (estimate from lscpu)` };
}

/** This machine's core peak, or undefined where lscpu is missing or says too little. */
export function corePeak(): CorePeak | undefined {
  const r = spawnSync('lscpu', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return r.status === 0 ? peakFromLscpu(r.stdout) : undefined;
}
