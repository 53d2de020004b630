/**
 * A real redis-server for the distributed tests: on a free loopback port, in its own
 * temporary folder, always stopped (the test registers stop() with after()). Without the
 * binary a test is skipped with the reason, except under CI=true where that is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { spawnCli, type CliResult as Exit } from '../helpers.js';

export function redisMissing(): string | false {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return false;
  const reason = 'redis-server is not installed (apt-get install redis-server)';
  if (process.env['CI'] === 'true') throw new Error(`${reason}; CI must run the distributed tests`);
  return reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function listening(port: number, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - start > timeoutMs) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface TestRedis {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** Stops the server (SIGTERM: an append-only file is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Removes the folder too. */
  dispose(): Promise<void>;
}

export async function startRedis(options: { password?: string; persist?: boolean; tls?: { cert: string; key: string } } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-redis-'));
  const args = options.tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.cert, '--tls-key-file', options.tls.key, '--tls-ca-cert-file', options.tls.cert, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  args.push('--bind', '127.0.0.1', '--dir', dir, '--save', '');
  args.push('--appendonly', options.persist ? 'yes' : 'no');
  if (options.password) args.push('--requirepass', options.password);
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await listening(port, 10_000);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  const auth = options.password ? `:${options.password}@` : '';
  return {
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Proc {
  child: ChildProcess;
  exit: Promise<Exit>;
  /** Output so far (stdout + stderr). */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) unless it has exited. */
  stop(): Promise<Exit>;
}

export function spawnProc(args: string[]): Proc {
  const { child, exit } = spawnCli(args);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return {
    child,
    exit,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        const done = await exit;
        clearTimeout(timer);
        return done;
      }
      return exit;
    },
  };
}

/** A synthetic `spin-nas worker` (fast fake trials) with short stall timeouts. */
export function spawnWorker(url: string, extra: string[] = []): Proc {
  return spawnProc(['worker', '--redis', url, '--trainer', 'synthetic', '--lock-ms', '1500', '--stalled-ms', '500', ...extra]);
}

export async function waitUntil(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many lines of `text` match `pattern`. */
export function countLines(text: string, pattern: RegExp): number {
  return text.split('\n').filter((line) => pattern.test(line)).length;
}

export const SPACE = 'search-spaces/convmixer-fmnist.json';

/**
 * A test's Redis, a temporary runs folder and a list for the processes it starts; when the
 * test ends the processes are stopped, Redis is shut down and the folder is removed.
 */
export async function distributedFixture(options: Parameters<typeof startRedis>[0] = {}): Promise<{ redis: TestRedis; dir: string; procs: Proc[] }> {
  const redis = await startRedis(options);
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-dist-'));
  const procs: Proc[] = [];
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return { redis, dir, procs };
}
