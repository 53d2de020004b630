/**
 * Optuna 3.1's samplers as peers of the search strategies on the synthetic sharing-space
 * objective: bench/optuna/sharing_samplers.py, run by the system python3 (Debian
 * python3-optuna), reads the objective as a lookup table (sharingTable) and prints the genome
 * of every trial, one JSON line per seed. Orders can be kept in a folder and reused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../bench/optuna/sharing_samplers.py', import.meta.url));

export const OPTUNA_SAMPLERS = ['nsga2', 'tpe', 'mtpe'] as const;
export type OptunaSampler = (typeof OPTUNA_SAMPLERS)[number];

export const OPTUNA_LABELS: Record<OptunaSampler, string> = {
  nsga2: 'Optuna NSGAIISampler',
  tpe: 'Optuna TPESampler',
  mtpe: 'Optuna TPESampler(multivariate)',
};

export interface OptunaRun {
  seed: number;
  /** Every trial's genome, in order. */
  genomes: number[][];
  cpuSeconds: number;
}

/** Optuna's version, or undefined where `python3 -c "import optuna"` fails. */
export function optunaVersion(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The trial orders of `sampler` for `seeds`: read from `<cacheDir>/<sampler>.jsonl` where it
 * holds them, else run (under nice 10) and appended there.
 */
export async function optunaOrders(table: string, sampler: OptunaSampler, seeds: number[], distinct: number, cap: number, cacheDir: string): Promise<OptunaRun[]> {
  const file = join(cacheDir, `${sampler}.jsonl`);
  const cached = cachedOrders(cacheDir, sampler);
  const missing = seeds.filter((s) => !cached.has(s));
  if (missing.length > 0) {
    const lines = await runPython(['-W', 'ignore', SCRIPT, table, sampler, missing.join(','), String(distinct), String(cap)]);
    for (const line of lines) {
      const run = JSON.parse(line) as OptunaRun;
      cached.set(run.seed, run);
      writeFileSync(file, `${line}\n`, { flag: 'a' });
    }
  }
  return seeds.map((s) => cached.get(s)!);
}

/** The trial orders `<cacheDir>/<sampler>.jsonl` holds, by seed (none when there is no file). */
export function cachedOrders(cacheDir: string, sampler: OptunaSampler): Map<number, OptunaRun> {
  const file = join(cacheDir, `${sampler}.jsonl`);
  const cached = new Map<number, OptunaRun>();
  if (!existsSync(file)) return cached;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const run = JSON.parse(line) as OptunaRun;
    cached.set(run.seed, run);
  }
  return cached;
}

function runPython(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', PYTHON, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.split('\n').filter((l) => l.trim() !== '')) : reject(new Error(`${args[2]} ${args[4]} exited ${code}: ${err.slice(-400)}`))));
  });
}
