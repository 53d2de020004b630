/**
 * `npm run bench:search-real`: strategies on the real multi-fidelity loop (issue 20): the
 * main job's space and budget, real training on Fashion-MNIST, each run stopped at the same
 * training compute (--max-compute), seeds paired and the strategies run back to back for each
 * seed. Prints, per run, the final hypervolume of the top rung's frontier (the run's own
 * figure, validation accuracy vs params vs FLOPs), the trainings and compute it spent and its
 * wall time; then per strategy the mean and seed-to-seed sd, and the paired difference of
 * each strategy against the first with a 95% t interval over the seeds.
 * Flags: --seeds N (default 5), --strategies a,b (default nsga2,motpe), --max-compute TFLOP
 * (default 2), --trials N (upper bound, default 64), --workers N (default 2), --space FILE,
 * --runs-dir DIR (default runs/bench-search-real; a run already there is reused, not rerun).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCompute, type RunSnapshot } from '../src/store/index.js';
import { studentTQuantile } from '../src/study/inference.js';
import { mean, std } from '../src/study/stats.js';

const { values: flags } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    strategies: { type: 'string', default: 'nsga2,motpe' },
    'max-compute': { type: 'string', default: '2' },
    trials: { type: 'string', default: '64' },
    workers: { type: 'string', default: '2' },
    space: { type: 'string', default: 'search-spaces/convmixer-fmnist.json' },
    'runs-dir': { type: 'string', default: 'runs/bench-search-real' },
  },
});
const seeds = Array.from({ length: Number(flags.seeds) }, (_, i) => i + 1);
const strategies = flags.strategies.split(',');

interface RunFigures {
  hypervolume: number;
  trainings: number;
  tflop: number;
  seconds: number;
}

/** The run as the store reads it: its hypervolume and its compute (every training, parents included). */
function figures(dir: string, seconds: number): RunFigures {
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunSnapshot & { hypervolume: { value: number } };
  const { total } = runCompute(run);
  return { hypervolume: run.hypervolume.value, trainings: total.trainings, tflop: total.flops / 1e12, seconds };
}

function search(strategy: string, seed: number): RunFigures {
  const name = `${strategy}-s${seed}`;
  const dir = join(flags['runs-dir'], name);
  if (existsSync(join(dir, 'run.json'))) {
    const stored = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { updatedAt: string; createdAt: string };
    return figures(dir, (Date.parse(stored.updatedAt) - Date.parse(stored.createdAt)) / 1000);
  }
  const start = performance.now();
  const r = spawnSync(process.execPath, ['bin/spin-nas.js', 'search', flags.space, '--name', name, '--runs-dir', flags['runs-dir'], '--strategy', strategy,
    '--seed', String(seed), '--trials', flags.trials, '--max-compute', flags['max-compute'], '--workers', flags.workers, '--keep-weights', 'none'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return figures(dir, (performance.now() - start) / 1000);
}

console.log(`strategies on the real loop: ${flags.space}, its budget and rungs, stopped at ${flags['max-compute']} training TFLOP (at most ${flags.trials} trials), ${flags.workers} workers, seeds ${seeds.join(', ')}`);
const results = new Map<string, RunFigures[]>(strategies.map((s) => [s, []]));
for (const seed of seeds) {
  for (const strategy of strategies) {
    const f = search(strategy, seed);
    results.get(strategy)!.push(f);
    console.log(`  seed ${seed} ${strategy.padEnd(8)} HV ${f.hypervolume.toFixed(4)}  ${f.trainings} trainings  ${f.tflop.toFixed(2)} TFLOP  ${f.seconds.toFixed(0)} s`);
  }
}
console.log('\n  strategy  HV mean ± sd over seeds   trainings   TFLOP');
for (const [strategy, runs] of results) {
  const hv = runs.map((r) => r.hypervolume);
  console.log(`  ${strategy.padEnd(8)}  ${mean(hv).toFixed(4)} ± ${std(hv).toFixed(4)}          ${mean(runs.map((r) => r.trainings)).toFixed(1).padStart(6)}   ${mean(runs.map((r) => r.tflop)).toFixed(2)}`);
}
const [first, ...others] = strategies;
for (const other of others) {
  const d = results.get(other)!.map((r, i) => r.hypervolume - results.get(first!)![i]!.hypervolume);
  const half = d.length > 1 ? studentTQuantile(0.975, d.length - 1) * (std(d) / Math.sqrt(d.length)) : NaN;
  const wins = d.filter((x) => x > 0).length;
  console.log(`  ${other} - ${first}: ${mean(d) >= 0 ? '+' : ''}${mean(d).toFixed(4)} HV (95% t interval ${(mean(d) - half).toFixed(4)} to ${(mean(d) + half).toFixed(4)}; higher on ${wins} of ${d.length} seeds)`);
}
