/**
 * The PyTorch peer of the training benchmark: bench/pytorch/convmixer_train.py (the same
 * ConvMixer with GELU, batch, Adam step) run by the system python3 where it imports torch,
 * with as many intra-op threads as the pool has workers.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../bench/pytorch/convmixer_train.py', import.meta.url));

export interface TorchRun {
  torch: string;
  threads: number;
  imagesPerSecond: number;
  imagesPerCpuSecond: number;
}

/** The torch version, or undefined where `python3 -c "import torch"` fails. */
export function torchVersion(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function runTorch(threads: number, steps: number, warmup: number, batch: number): TorchRun {
  const args = [SCRIPT, '--threads', String(threads), '--steps', String(steps), '--warmup', String(warmup), '--batch', String(batch)];
  const r = spawnSync(PYTHON, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyTorch peer failed (${PYTHON} ${args.join(' ')}): ${r.stderr.trim().split('\n').pop()}`);
  const out = JSON.parse(r.stdout) as { torch: string; rows: Array<{ imagesPerSecond: number; imagesPerCpuSecond: number }> };
  const row = out.rows[0]!;
  return { torch: out.torch, threads, imagesPerSecond: row.imagesPerSecond, imagesPerCpuSecond: row.imagesPerCpuSecond };
}
