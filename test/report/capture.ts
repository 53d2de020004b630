/**
 * Runs the CLI in a child process (real exit code, real stdout/stderr, no interference with
 * the test runner's own output). Works from the TypeScript sources (tsx) and from dist.
 */
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const here = fileURLToPath(import.meta.url);
const entry = resolve(dirname(here), '../../src/cli', here.endsWith('.ts') ? 'main.ts' : 'main.js');
const script = `import { main } from ${JSON.stringify(pathToFileURL(entry).href)};
main(process.argv).then((code) => { process.exitCode = code; });`;

/** Keeps only the loader flags of this process (e.g. --import tsx), not the test runner's. */
function loaderArgs(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((arg === '--import' || arg === '--loader' || arg === '--experimental-loader') && i + 1 < args.length) out.push(arg, args[++i]!);
    else if (/^--(import|loader|experimental-loader)=/.test(arg)) out.push(arg);
  }
  return out;
}

export function runCli(...args: string[]): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [...loaderArgs(), '--input-type=module', '-e', script, 'spin-nas', ...args],
      { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}
