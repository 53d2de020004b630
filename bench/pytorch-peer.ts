/**
 * The PyTorch peers of the training benchmark, run by the system python3 where it imports
 * torch, with as many intra-op threads as the pool has workers: bench/pytorch/convmixer_train.py
 * (the same ConvMixer with GELU, batch, Adam step) and bench/pytorch/vit_train.py (the same
 * ViT, whose parameter count is checked against ours before its figures are used). Each
 * times both memory formats (contiguous NCHW and channels_last) and the faster one counts.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';

export type PeerModel = 'convmixer' | 'vit';

const script = (model: PeerModel): string => fileURLToPath(new URL(`../../bench/pytorch/${model}_train.py`, import.meta.url));

export type MemoryFormat = 'contiguous' | 'channels_last';

export interface TorchRun {
  torch: string;
  threads: number;
  /** The faster memory format's figures (by images/s): the peer at its best. */
  imagesPerSecond: number;
  imagesPerCpuSecond: number;
  format: MemoryFormat;
  /** images/s of each format timed. */
  byFormat: Partial<Record<MemoryFormat, number>>;
  /** Trainable parameters of the PyTorch model, where its script reports them. */
  params?: number;
}

/** The torch version, or undefined where `python3 -c "import torch"` fails. */
export function torchVersion(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function runScript(model: PeerModel, args: string[]): unknown {
  const all = [script(model), ...args];
  const r = spawnSync(PYTHON, all, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyTorch peer failed (${PYTHON} ${all.join(' ')}): ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout);
}

/** Trainable parameters of the PyTorch ConvMixer peer (it builds the model only). */
export function torchConvMixerParams(): number {
  return (runScript('convmixer', ['--params-only']) as { params: number }).params;
}

/** Trainable parameters of the PyTorch ViT peer (it builds the model only). */
export function torchVitParams(): number {
  return (runScript('vit', ['--params-only']) as { params: number }).params;
}

export function runTorch(threads: number, steps: number, warmup: number, batch: number, model: PeerModel = 'convmixer'): TorchRun {
  const args = ['--threads', String(threads), '--steps', String(steps), '--warmup', String(warmup), '--batch', String(batch)];
  type Row = { format: MemoryFormat; imagesPerSecond: number; imagesPerCpuSecond: number };
  const out = runScript(model, args) as { torch: string; params?: number; rows: Row[] };
  // Both memory formats, in one run each: the faster one is the peer (channels_last is
  // PyTorch's faster layout for ConvMixer on this CPU, contiguous its default).
  const row = out.rows.reduce((best, r) => (r.imagesPerSecond > best.imagesPerSecond ? r : best));
  return {
    torch: out.torch, threads, imagesPerSecond: row.imagesPerSecond, imagesPerCpuSecond: row.imagesPerCpuSecond,
    format: row.format, byFormat: Object.fromEntries(out.rows.map((r) => [r.format, r.imagesPerSecond])),
    ...(out.params === undefined ? {} : { params: out.params }),
  };
}
