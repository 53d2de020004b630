import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialRecord } from '../../src/store/index.js';

export const BIN = 'bin/spin-nas.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

export function runCli(args: string[]): Promise<Exit> {
  return spawnCli(args).exit;
}

export function readTrials(runDir: string): TrialRecord[] {
  try {
    return (JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { trials: TrialRecord[] }).trials;
  } catch {
    return [];
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the search to make progress');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const doneCount = (runDir: string): number => readTrials(runDir).filter((t) => t.state === 'done').length;
