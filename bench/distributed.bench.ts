/**
 * `npm run bench:distributed`: trials through BullMQ on a local redis-server with synthetic
 * `spin-nas worker` processes (fixed delay per trial), driven by the search's RedisExecutor.
 *  (a) per-trial overhead of the queue round trip: 0 ms trials one at a time through one
 *      worker, against the in-process synthetic executor measured in the same run
 *      (target <= 10 ms per trial);
 *  (b) trials/s with 1, 2 and 4 worker processes (one trial each at a time, 1-second trials,
 *      as many trials in flight as worker slots, as a search with --workers = slots runs)
 *      and the scaling efficiency, trials/s over (workers x the 1-worker trials/s)
 *      (target >= 90% at 4 workers).
 * Exits with code 1 when a target is missed; with no redis-server it says so and exits 1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisExecutor } from '../src/distributed/executor.js';
import type { Executor } from '../src/executor/contract.js';
import { SyntheticExecutor } from '../src/executor/synthetic.js';
import { spaceProblem } from '../src/search/index.js';
import { loadSpace } from '../src/space/index.js';
import type { TrainRequest } from '../src/train/types.js';
import { makeRng } from '../src/util/random.js';

const OVERHEAD_TRIALS = Number(process.env['BENCH_OVERHEAD_TRIALS'] ?? 300);
const TRIALS_PER_WORKER = Number(process.env['BENCH_TRIALS_PER_WORKER'] ?? 8);
const DELAY_MS = 1000;

const problem = spaceProblem(loadSpace('search-spaces/convmixer-fmnist.json'));
const budget = { epochs: 1, trainSubset: 3000, validationSize: 500, batchSize: 64, learningRate: 0.005, schedule: 'cosine' as const };
let trialCounter = 0;
function request(): TrainRequest {
  const n = trialCounter++;
  const arch = problem.describe(problem.ops.sample(makeRng(n + 1))).arch;
  return { trialId: `t${String(n).padStart(5, '0')}`, arch, budget, seed: n, backend: 'cpu', data: { dataset: 'fashion-mnist', dir: '' } };
}

/** Runs `count` trials keeping `inFlight` submitted; returns the wall seconds. */
async function drive(executor: Executor, count: number, inFlight: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      await executor.submit(request()).result;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return (performance.now() - start) / 1000;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

function startWorkers(url: string, n: number, delayMs: number): { procs: ChildProcess[]; ready: Promise<void> } {
  const procs: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['bin/spin-nas.js', 'worker', '--redis', url, '--trainer', 'synthetic', '--workers', '1', '--delay-ms', String(delayMs)], { stdio: ['ignore', 'pipe', 'ignore'] });
    procs.push(child);
    ready.push(new Promise((resolve) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('serving run')) resolve();
      });
    }));
  }
  return { procs, ready: Promise.all(ready).then(() => undefined) };
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
    if (p.exitCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  })));
}

async function withRun<T>(url: string, label: string, workers: number, delayMs: number, body: (executor: RedisExecutor) => Promise<T>): Promise<T> {
  const executor = await RedisExecutor.open({ redis: url, runId: `bench-${label}-${process.pid}`, dataset: 'fashion-mnist', trainer: 'synthetic', backend: 'auto', pollMs: 2000 });
  const { procs, ready } = startWorkers(url, workers, delayMs);
  try {
    await ready;
    return await body(executor);
  } finally {
    await stopAll(procs);
    await executor.finish();
    await executor.close();
  }
}

async function main(): Promise<number> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.log('redis-server is not installed (apt-get install redis-server): nothing measured');
    return 1;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spin-nas-bench-redis-'));
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let failed = 0;
  try {
    await waitListening(port);
    const url = `redis://127.0.0.1:${port}`;

    console.log(`(a) queue round trip: ${OVERHEAD_TRIALS} trials of 0 ms, one at a time, 1 worker process`);
    const local = new SyntheticExecutor({ delayMs: 0 });
    await drive(local, 20, 1);
    const localSeconds = await drive(local, OVERHEAD_TRIALS, 1);
    const remoteSeconds = await withRun(url, 'overhead', 1, 0, async (executor) => {
      await drive(executor, 20, 1);
      return drive(executor, OVERHEAD_TRIALS, 1);
    });
    const overheadMs = ((remoteSeconds - localSeconds) / OVERHEAD_TRIALS) * 1000;
    const ok = overheadMs <= 10;
    if (!ok) failed++;
    console.log(`  in-process synthetic executor ${((localSeconds / OVERHEAD_TRIALS) * 1000).toFixed(3)} ms/trial; through Redis ${((remoteSeconds / OVERHEAD_TRIALS) * 1000).toFixed(2)} ms/trial`);
    console.log(`  overhead ${overheadMs.toFixed(2)} ms per trial (target <= 10 ms: ${ok ? 'PASS' : 'FAIL'})`);

    console.log(`\n(b) scaling: ${DELAY_MS} ms trials, ${TRIALS_PER_WORKER} per worker process, trials in flight = worker processes`);
    const rates = new Map<number, number>();
    // Peer: the same trials in this process, one at a time (timers on a loaded machine run late too).
    const peerRate = TRIALS_PER_WORKER / (await drive(new SyntheticExecutor({ delayMs: DELAY_MS }), TRIALS_PER_WORKER, 1));
    console.log(`  in-process synthetic executor, 1 at a time: ${peerRate.toFixed(3)} trials/s`);
    for (const workers of [1, 2, 4]) {
      const trials = TRIALS_PER_WORKER * workers;
      const seconds = await withRun(url, `scale${workers}`, workers, DELAY_MS, (executor) => drive(executor, trials, workers));
      const rate = trials / seconds;
      rates.set(workers, rate);
      const efficiency = rate / (workers * rates.get(1)!);
      const ofPeer = rate / (workers * peerRate);
      const queueMs = ((seconds - trials / workers / peerRate) / (trials / workers)) * 1000;
      console.log(
        `  ${workers} worker(s): ${trials} trials in ${seconds.toFixed(2)} s = ${rate.toFixed(3)} trials/s; efficiency ${(efficiency * 100).toFixed(1)}% ` +
          `of ${workers} x 1 worker, ${(ofPeer * 100).toFixed(1)}% of ${workers} x in-process (queue ${queueMs.toFixed(0)} ms per trial)`,
      );
    }
    const at4 = rates.get(4)! / (4 * rates.get(1)!);
    const scaled = at4 >= 0.9;
    if (!scaled) failed++;
    console.log(`  scaling efficiency at 4 workers ${(at4 * 100).toFixed(1)}% (target >= 90%: ${scaled ? 'PASS' : 'FAIL'})`);
  } finally {
    redis.kill('SIGTERM');
    await new Promise((r) => redis.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
