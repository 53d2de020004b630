/**
 * `npm run bench:search`: the search engine's figures.
 *  (a) NSGA-II on discretised ZDT1 / ZDT2 reaches >= 0.98 of the true front's hypervolume
 *      within 10,000 evaluations;
 *  (b) on a synthetic sharing-space objective, regularized evolution and NSGA-II beat random
 *      search at equal evaluations (hypervolume averaged over seeds);
 *  (c) >= 500 trials/s through ask, store and tell with a no-op trainer;
 *  (d) non-dominated sort of 10,000 points in < 100 ms.
 * Exits with code 1 when a target is missed.
 */
import { loadSpace } from '../src/space/index.js';
import { nonDominatedSort } from '../src/pareto/index.js';
import { BUILT_IN_STRATEGIES, createNsga2 } from '../src/search/index.js';
import { makeRng } from '../src/util/random.js';
import { optimalHypervolume, runSharing } from './search-sharing.js';
import { throughput } from './search-throughput.js';
import { runZdt, zdt } from './search-zdt.js';

const SPACE = 'search-spaces/convmixer-fmnist.json';
let failed = 0;
const verdict = (ok: boolean) => {
  if (!ok) failed++;
  return ok ? 'PASS' : 'FAIL';
};

console.log('(a) NSGA-II on discretised ZDT (30 genes x 101 levels, population 40, 10,000 evaluations, reference (1.1, 1.1))');
for (const kind of [1, 2] as const) {
  const ratios = [1, 2, 3].map((seed) => runZdt(zdt(kind), createNsga2, seed, 10_000, 40, 40));
  const worst = Math.min(...ratios.map((r) => r.ratio));
  const curve = ratios[0]!.checkpoints.filter((c) => c.evaluations % 2000 === 0).map((c) => `${c.evaluations}: ${c.ratio.toFixed(3)}`);
  console.log(`  ZDT${kind}: HV / true-front HV over seeds 1-3 = ${ratios.map((r) => r.ratio.toFixed(4)).join(', ')}  (worst ${worst.toFixed(4)} >= 0.98: ${verdict(worst >= 0.98)})`);
  console.log(`         seed 1 curve ${curve.join(', ')}`);
}

console.log('\n(b) strategies on the synthetic sharing-space objective (convmixer-fmnist, 3 objectives, population 12, batches of 4, 10 seeds)');
const space = loadSpace(SPACE);
const optimum = optimalHypervolume(space);
console.log(`  true frontier HV ${optimum.value.toFixed(5)} (enumerated ${optimum.architectures} architectures); figures are the mean gap to it (lower is better)`);
const checkpoints = [50, 100, 150, 200, 300, 500];
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const mean: Record<string, number[]> = {};
for (const [name, factory] of Object.entries(BUILT_IN_STRATEGIES)) {
  const curves = seeds.map((seed) => runSharing(space, factory, seed, 500, 4, checkpoints, 12));
  mean[name] = checkpoints.map((_, k) => curves.reduce((a, c) => a + c[k]!, 0) / curves.length);
  console.log(`  ${name.padEnd(10)} HV gap after ${checkpoints.join('/')} evaluations: ${mean[name].map((v) => (optimum.value - v).toFixed(4)).join(' ')}`);
}
for (const name of ['evolution', 'nsga2']) {
  const beats = checkpoints.map((_, k) => mean[name]![k]! > mean['random']![k]!);
  const ok = checkpoints.every((c, k) => c < 100 || beats[k]);
  console.log(`  ${name} beats random at ${checkpoints.filter((_, k) => beats[k]).join(', ') || 'no'} evaluations (required at every checkpoint from 100 on: ${verdict(ok)})`);
}

console.log('\n(c) throughput with a no-op trainer (synthetic executor, no delay; store, frontier, hypervolume included)');
for (const strategy of ['random', 'nsga2']) {
  const r = await throughput(SPACE, strategy, 2000, 16);
  console.log(`  ${strategy.padEnd(7)} ${r.trials} trials in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(0)} trials/s (>= 500: ${verdict(r.perSecond >= 500)})`);
}

console.log('\n(d) non-dominated sort of 10,000 random points');
for (const m of [2, 3]) {
  const rng = makeRng(42);
  const points = Array.from({ length: 10_000 }, () => Array.from({ length: m }, () => rng()));
  nonDominatedSort(points.slice(0, 1000));
  const times: number[] = [];
  let fronts = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fronts = nonDominatedSort(points).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[2]!;
  console.log(`  ${m} objectives: median ${median.toFixed(1)} ms over 5 runs, ${fronts} fronts (< 100 ms: ${verdict(median < 100)})`);
}

process.exitCode = failed === 0 ? 0 : 1;
