/**
 * `npm run bench:search-optuna`: our strategies against Optuna 3.1's samplers (NSGA-II, TPE,
 * multivariate TPE; Debian python3-optuna) on the synthetic sharing-space objective (the real
 * convmixer-fmnist space, exact cost model, synthetic accuracy; bench/search-sharing.ts).
 * Sample efficiency, not speed: the hypervolume gap to the exhaustively known optimum after
 * 50, 100, 300 and 500 evaluations, counting every proposal and counting distinct
 * architectures only, mean and seed-to-seed standard deviation over the seeds.
 *   (a) motpe <= the best Optuna sampler at every checkpoint, both countings;
 *   (b) motpe proposes in <= 50 ms of CPU with 1,000 evaluations told (one thread).
 * Flags: --seeds N (default 10); --optuna-seeds N (default: --seeds) and --optuna-cap N
 * (proposals per Optuna run, default 1200) and --optuna-samplers (default nsga2,tpe,mtpe) bound Optuna's share, whose TPE costs minutes of
 * CPU per seed; --orders DIR keeps Optuna's trial orders (default runs/bench-optuna; delete it
 * to run Optuna afresh); --optuna-cached uses only the seeds (of 1..--optuna-seeds) the kept
 * orders already hold, per sampler, runs no Optuna, and says how many each had. Exits with
 * code 1 when a target is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSpace } from '../src/space/index.js';
import { BUILT_IN_STRATEGIES, spaceProblem } from '../src/search/index.js';
import { makeRng } from '../src/util/random.js';
import { cachedOrders, OPTUNA_LABELS, OPTUNA_SAMPLERS, optunaOrders, optunaVersion, type OptunaRun, type OptunaSampler } from './optuna-peer.js';
import { SharingCurves, optimalHypervolume, runSharingCurves, sharingTable } from './search-sharing.js';

const SPACE = 'search-spaces/convmixer-fmnist.json';
const CHECKPOINTS = [50, 100, 300, 500];
/** Proposals after which a search that has not reached 500 distinct architectures stops. */
const CAP = 1200;
const OURS = ['motpe', 'nsga2'] as const;

const { values: flags } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    'optuna-seeds': { type: 'string' },
    'optuna-cap': { type: 'string', default: String(CAP) },
    'optuna-samplers': { type: 'string', default: OPTUNA_SAMPLERS.join(',') },
    orders: { type: 'string', default: 'runs/bench-optuna' },
    'optuna-cached': { type: 'boolean', default: false },
  },
});
const seeds = Array.from({ length: Number(flags.seeds) }, (_, i) => i + 1);
const samplers = flags['optuna-samplers'].split(',').filter((x): x is OptunaSampler => (OPTUNA_SAMPLERS as readonly string[]).includes(x));
const optunaSeeds = Array.from({ length: Number(flags['optuna-seeds'] ?? flags.seeds) }, (_, i) => i + 1);
const space = loadSpace(SPACE);
const optimum = optimalHypervolume(space);
let failed = 0;
const verdict = (ok: boolean) => {
  if (!ok) failed++;
  return ok ? 'PASS' : 'FAIL';
};

type Curves = { every: number[][]; distinct: number[][]; seconds: number };
const results = new Map<string, Curves>();

console.log(`strategies vs Optuna on the synthetic sharing-space objective (${SPACE}, 3 objectives, ${seeds.length} seeds)`);
console.log(`true frontier HV ${optimum.value.toFixed(5)} (enumerated ${optimum.architectures} architectures); figures: mean gap to it ± seed-to-seed sd (lower is better)`);
console.log(`ours: batches of 4, population 12 (NSGA-II); Optuna: default settings, every gene a CategoricalDistribution, a genome the space rejects told as infeasible with the worst values (constraints_func)`);

for (const name of OURS) {
  const start = performance.now();
  const runs = seeds.map((seed) => runSharingCurves(space, BUILT_IN_STRATEGIES[name]!, seed, CHECKPOINTS, 4, CAP));
  results.set(name, { every: runs.map((r) => r.every), distinct: runs.map((r) => r.distinct), seconds: (performance.now() - start) / 1000 });
}

const version = optunaVersion();
/** Per sampler, its runs (one per seed it has). */
let optunaRuns: OptunaRun[][] = [];
if (version === undefined) {
  console.log('Optuna: /usr/bin/python3 cannot import optuna (install Debian python3-optuna); the comparison is not made');
  failed++;
} else {
  const table = join(flags.orders, 'table.json');
  if (!flags['optuna-cached']) {
    mkdirSync(flags.orders, { recursive: true });
    writeFileSync(table, JSON.stringify(sharingTable(space)));
  }
  const start = performance.now();
  optunaRuns = flags['optuna-cached']
    ? samplers.map((s) => {
        const cached = cachedOrders(flags.orders, s);
        return optunaSeeds.filter((seed) => cached.has(seed)).map((seed) => cached.get(seed)!);
      })
    : await Promise.all(samplers.map((s) => optunaOrders(table, s, optunaSeeds, CHECKPOINTS.at(-1)!, Number(flags['optuna-cap']), flags.orders)));
  const runs = optunaRuns;
  if (flags['optuna-cached']) {
    console.log(`Optuna orders kept in ${flags.orders} (no Optuna run now): ${samplers.map((s, k) => `${s} seeds ${runs[k]!.map((r) => r.seed).join(',') || 'none'}, at most ${Math.max(0, ...runs[k]!.map((r) => r.genomes.length))} proposals`).join('; ')}`);
  }
  console.log(`Optuna ${version}: ${((performance.now() - start) / 1000).toFixed(0)} s wall for what was not kept in ${flags.orders}; CPU seconds per seed: ${samplers.map((s, k) => `${s} ${mean(runs[k]!.map((r) => r.cpuSeconds)).toFixed(0)}`).join(', ')}`);
  samplers.forEach((sampler, k) => {
    const curves = runs[k]!.map((run) => {
      const c = new SharingCurves(space, CHECKPOINTS);
      for (const genome of run.genomes) c.add(genome);
      return c;
    });
    results.set(OPTUNA_LABELS[sampler], { every: curves.map((c) => c.every), distinct: curves.map((c) => c.distinct), seconds: mean(runs[k]!.map((r) => r.cpuSeconds)) });
  });
}

const gaps = new Map<string, { every: (Stat | null)[]; distinct: (Stat | null)[] }>();
for (const [name, r] of results) gaps.set(name, { every: stats(r.every), distinct: stats(r.distinct) });
for (const counting of ['every', 'distinct'] as const) {
  console.log(`\n  counting ${counting === 'every' ? 'every proposal (repeats and rejected genomes count)' : 'distinct architectures only'}; gap after ${CHECKPOINTS.join(' / ')}`);
  for (const [name, g] of gaps) console.log(`  ${name.padEnd(32)} ${g[counting].map(show).join('  ')}`);
}

if (version !== undefined) {
  console.log('\n(a) motpe vs the best Optuna sampler at each checkpoint (difference of mean gaps; negative: ours lower)');
  const optuna = samplers.map((s) => OPTUNA_LABELS[s]);
  let all = true;
  const missing: string[] = [];
  for (const counting of ['every', 'distinct'] as const) {
    const parts = CHECKPOINTS.map((c, k) => {
      const ours = gaps.get('motpe')![counting][k] ?? null;
      // A sampler counts at a checkpoint only where every one of its seeds reached it.
      const theirs = optuna.map((n, j) => ({ n, s: gaps.get(n)![counting][k] ?? null, seeds: optunaRuns[j]!.length }))
        .filter((x) => x.s !== null && x.seeds > 0 && x.s.n === x.seeds);
      if (ours === null || theirs.length === 0) {
        missing.push(`${counting} ${c}`);
        return `${c}: n/a`;
      }
      const best = theirs.reduce((a, b) => (b.s!.mean < a.s!.mean ? b : a));
      const ok = ours.mean <= best.s!.mean;
      all &&= ok;
      return `${c}: ${signed(ours.mean - best.s!.mean)} vs ${best.n.replace('Optuna ', '')} (sd ours ${ours.sd.toFixed(5)}, theirs ${best.s!.sd.toFixed(5)}, n ${ours.n} and ${best.s!.n})${ok ? '' : ' WORSE'}`;
    });
    console.log(`  ${counting.padEnd(8)} ${parts.join('; ')}`);
  }
  if (missing.length > 0) {
    console.log(`  not compared at ${missing.join(', ')}: no Optuna sampler had every seed reach it within its cap`);
  }
  console.log(`  motpe <= Optuna's best at every checkpoint, both countings: ${missing.length > 0 ? `${all ? 'at every compared one' : 'no'}; ${verdict(false).replace('FAIL', 'INCOMPLETE')}` : verdict(all)}`);
}

console.log('\n(b) motpe time per proposal with 1,000 evaluations told (sharing space, this process, one core)');
{
  const problem = spaceProblem(space);
  const rng = makeRng(1);
  const strategy = BUILT_IN_STRATEGIES['motpe']!({ ops: problem.ops, rng, objectives: 3, options: {} });
  const curves = new SharingCurves(space, []);
  while (curves.architectures < 1000) {
    const evals = strategy.ask(8).map((p) => curves.add(p.genome)).filter((e) => e !== null);
    strategy.tell(evals);
  }
  // CPU time of this (single-threaded) process: on a shared machine wall time also counts the others' work.
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const [p] = strategy.ask(1);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - t);
    const e = curves.add(p!.genome);
    if (e) strategy.tell([e]);
  }
  const median = (v: number[]) => v.slice().sort((a, b) => a - b)[10]!;
  console.log(
    `  median ${median(cpu).toFixed(1)} ms CPU (wall ${median(wall).toFixed(1)} ms) over 20 proposals, each after a tell (the model is refitted); ` +
      `max ${Math.max(...cpu).toFixed(1)} ms CPU (<= 50 ms CPU: ${verdict(median(cpu) <= 50)})`,
  );
}

process.exitCode = failed === 0 ? 0 : 1;

interface Stat {
  mean: number;
  sd: number;
  n: number;
}

/** Gap statistics per checkpoint over the seeds that reached it; null where none did. */
function stats(curves: number[][]): (Stat | null)[] {
  return CHECKPOINTS.map((_, k) => {
    const gapsAt = curves.filter((c) => c.length > k).map((c) => optimum.value - c[k]!);
    if (gapsAt.length === 0) return null;
    const m = mean(gapsAt);
    const sd = gapsAt.length > 1 ? Math.sqrt(gapsAt.reduce((a, v) => a + (v - m) ** 2, 0) / (gapsAt.length - 1)) : 0;
    return { mean: m, sd, n: gapsAt.length };
  });
}

function show(s: Stat | null): string {
  if (s === null) return 'n/a (cap reached)'.padEnd(26);
  return `${s.mean.toFixed(5)} ± ${s.sd.toFixed(5)} (n=${s.n})`.padEnd(26);
}

function signed(v: number): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(5)}`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
