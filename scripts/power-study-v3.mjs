#!/usr/bin/env node
// The power computation of the third edition's pre-registration (docs/study-v3.md); run
// `npm run build` first.
//
//   node scripts/power-study-v3.mjs [--data studies/results/spin-fmnist-v2.trials.jsonl] [--seeds 8] [--effect 0.5]
//
// 1. The pooled within-arm SD of the second edition: every grid and equal-compute arm (same
//    architecture, same budget, one value per seed), sum of squared deviations from the arm
//    mean over the sum of (seeds - 1).
// 2. For each confirmatory test of studies/spin-fmnist-v3.json, the standard error under the
//    pooled-variance model with that SD and the given seeds per arm, and the power to detect
//    the effect (accuracy points) at the Holm level of its worst rank (alpha / 8, every test
//    last in line) and its best (alpha), by the usual shifted-t approximation
//    power = P(T_df > t_crit - effect / SE), which ignores the far tail of two-sided tests.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { costOf, toArchSpec } from '../dist/src/arch/index.js';
import { fitCurve, predictionFactor } from '../dist/src/study/curve.js';
import { studentTCdf, studentTQuantile } from '../dist/src/study/inference.js';
import { loadStudy } from '../dist/src/study/load.js';
import { planStudy } from '../dist/src/study/units.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'studies/results/spin-fmnist-v2.trials.jsonl' },
    study: { type: 'string', default: 'studies/spin-fmnist-v3.json' },
    seeds: { type: 'string', default: '8' },
    effect: { type: 'string', default: '0.5' },
    alpha: { type: 'string', default: '0.05' },
    tests: { type: 'string', default: '8' },
  },
});

// 1. Pooled SD of the second edition.
const arms = new Map();
for (const line of readFileSync(values.data, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const r = JSON.parse(line);
  if (r.role !== 'trial' || r.state !== 'done' || (r.kind !== 'grid' && r.kind !== 'equal-compute')) continue;
  const key = `${r.kind}|${r.hash}`;
  arms.set(key, [...(arms.get(key) ?? []), r.valAccuracy * 100]);
}
let ss = 0;
let df2 = 0;
const sds = [];
for (const list of arms.values()) {
  const m = list.reduce((a, b) => a + b, 0) / list.length;
  const s = list.reduce((a, v) => a + (v - m) ** 2, 0);
  ss += s;
  df2 += list.length - 1;
  if (list.length > 1) sds.push(Math.sqrt(s / (list.length - 1)));
}
const sigma = Math.sqrt(ss / df2);
console.log(`second edition: ${arms.size} arms, ${df2} within-arm degrees of freedom; pooled SD = sqrt(${ss.toFixed(4)} / ${df2}) = ${sigma.toFixed(3)} points`);
console.log(`  arm SDs range ${Math.min(...sds).toFixed(3)} to ${Math.max(...sds).toFixed(3)} points (3 seeds each)`);

// 2. The third edition's design.
const n = Number(values.seeds);
const effect = Number(values.effect);
const alpha = Number(values.alpha);
const tests = Number(values.tests);
const { study, space } = loadStudy(values.study);
const plan = planStudy(study, space);
const armsOf = (name) => plan.grids.get(name) ?? [];
const paramsOf = (a) => costOf(toArchSpec(space, a.genome)).params;
const family = [...armsOf('family'), ...armsOf('family-shallow')];
const confirmatoryArms = new Set([...plan.grids.entries()].filter(([name]) => !name.startsWith('search')).flatMap(([name, list]) => list.map((a) => `${name === 'convergence' ? 'x2' : 'x1'}|${a.hash}`)));
const df = confirmatoryArms.size * (n - 1);
const curve = fitCurve(family.map((a) => ({ x: Math.log(paramsOf(a)), mean: 0, n })), 2);
console.log(`third edition: ${n} seeds per arm, ${confirmatoryArms.size} arms in the model -> ${df} degrees of freedom for the pooled SD`);
console.log(`  family (quadratic in ln params): ${family.map((a) => `${a.varied.width}/${a.genome[1] === 1 ? 8 : 4}=${paramsOf(a).toLocaleString('en-US')}`).join(', ')}`);

const power = (se, level, sided) => {
  const crit = studentTQuantile(1 - level / sided, df);
  return 1 - studentTCdf(crit - effect / se, df);
};
// The smallest effect detected with 80% power at alpha / tests.
const detectable = (se, sided) => (studentTQuantile(1 - alpha / tests / sided, df) + studentTQuantile(0.8, df)) * se;
const line = (id, what, se, sided) =>
  console.log(
    `  ${id} ${what}: SE = ${se.toFixed(3)} points; power for ${effect} points ${(power(se, alpha / tests, sided) * 100).toFixed(0)}% at alpha/${tests}, ` +
      `${(power(se, alpha, sided) * 100).toFixed(0)}% at alpha (${sided === 1 ? 'one' : 'two'}-sided); 80% power at alpha/${tests} from ${detectable(se, sided).toFixed(2)} points`,
  );
const primary = [...armsOf('shared-rate'), ...armsOf('shared-mapping'), ...armsOf('shared-components')].filter((a, i, all) => all.findIndex((b) => b.hash === a.hash) === i);
primary.forEach((a, i) => {
  const x = Math.log(paramsOf(a));
  line(`H${i + 1}`, `above the curve, ${toArchSpec(space, a.genome).label} (${paramsOf(a).toLocaleString('en-US')} params)`, sigma * Math.sqrt(1 / n + predictionFactor(curve, x)), 1);
});
line('H6', 'fusion vs scratch at equal total compute (mean of r=2 and r=4 differences)', sigma * Math.sqrt((4 * 0.25) / n), 2);
line('H7', 'sequential vs strided at r=4', sigma * Math.sqrt(2 / n), 2);
line('H8', 'pointwise vs depthwise+pointwise at r=4', sigma * Math.sqrt(2 / n), 2);

// The second edition, for comparison: 3 seeds, Welch (df about 2-4).
const se2 = sigma * Math.sqrt(2 / 3);
for (const dfw of [2, 4]) {
  const at = (level) => ((1 - studentTCdf(studentTQuantile(1 - level / 2, dfw) - effect / se2, dfw)) * 100).toFixed(0);
  console.log(`second edition's design: 3 seeds per arm, Welch df ${dfw}: SE = ${se2.toFixed(3)}, power for ${effect} points ${at(alpha)}% at alpha = ${alpha}, ${at(alpha / 22)}% at alpha/22 (its Holm family had 22 p-values)`);
}
