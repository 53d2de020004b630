/** Runs the built CLI (bin/spin-nas.js on dist/) as a user would, from the repository root. */
import { execFile } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../space/helpers.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/spin-nas.js', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs many CLI calls, a few at a time (the test machine has 2 cores). */
export async function runAll(calls: string[][], parallel = 3): Promise<CliResult[]> {
  const results = new Array<CliResult>(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const i = next++;
      results[i] = await runCli(calls[i] as string[]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** Runs the CLI in this process (same code path as bin/spin-nas.js), capturing its output. */
export async function runInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0);
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0);
  try {
    const code = await main(['node', 'spin-nas', ...args]);
    process.exitCode = undefined;
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}
export { repoRoot };
