import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peakFromLscpu } from '../../bench/cpu-peak.js';

const lscpu = (vendor: string, family: number, flags: string, extra = ''): string =>
  `Vendor ID:        ${vendor}\nCPU family:       ${family}\nBogoMIPS:         4192.04\n${extra}Flags:            fpu sse2 ${flags}\n`;

test('the core FMA peak comes from lscpu: lanes by ISA (Zen 4 halves AVX-512), 2 pipes, max MHz or the TSC clock', () => {
  const zen5 = peakFromLscpu(lscpu('AuthenticAMD', 26, 'avx2 fma avx512f'));
  assert.equal(Math.round(zen5!.gflops), 134); // 2 x 16 x 2 x 2096 MHz
  assert.match(zen5!.how, /16 FP32 lanes \(AVX-512\) x 2 FMA pipes x TSC 2096 MHz \(BogoMIPS 4192\.04 \/ 2\)/);
  assert.equal(Math.round(peakFromLscpu(lscpu('AuthenticAMD', 25, 'avx2 fma avx512f'))!.gflops), 67);
  assert.equal(Math.round(peakFromLscpu(lscpu('GenuineIntel', 6, 'avx2 fma', 'CPU max MHz:      3000.0000\n'))!.gflops), 96);
  assert.equal(peakFromLscpu('Flags: avx2\n'), undefined);
});
