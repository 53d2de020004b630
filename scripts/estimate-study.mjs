#!/usr/bin/env node
// Estimates a study's training cost and wall time before running it (run `npm run build` first).
//
//   node scripts/estimate-study.mjs studies/spin-fmnist-v2.json [--workers 2] [--calibrate studies/spin-fmnist.json:3708]
//
// It plans the study with the synthetic trainer (every training, fusion parents included, with
// its budget), sums FLOPs x (3 x training images + validation images [+ test images]) over the
// trainings (a backward pass costs about two forward passes), and converts that to time with a
// rate calibrated on a study that was run for real: by default the first edition,
// studies/spin-fmnist.json, which took 1.03 trainer-hours (3,708 trainer-seconds) on this
// project's 2-core machine (docs/first-edition/results.md). The first edition kept its 2 workers 84% busy
// (1.03 trainer-hours in 36.6 min of wall time), so the wall-time estimate divides by that too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SyntheticExecutor } from '../dist/src/executor/synthetic.js';
import { rowsFromDocs } from '../dist/src/study/data.js';
import { work } from '../dist/src/study/progress.js';
import { runStudy } from '../dist/src/study/run.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workers: { type: 'string', default: '2' },
    calibrate: { type: 'string', default: 'studies/spin-fmnist.json:3708' },
    utilisation: { type: 'string', default: String(1.03 * 60 / (2 * 36.6)) },
  },
});

async function cost(file) {
  const dir = mkdtempSync(join(tmpdir(), 'spin-estimate-'));
  try {
    const run = await runStudy({ studyFile: file, runsDir: dir, executor: new SyntheticExecutor({ delayMs: 0 }) });
    const rows = rowsFromDocs(run.plan, run.docs, run.loaded.space);
    let flopImages = 0;
    let images = 0;
    const byKind = {};
    for (const r of rows) {
      const evaluated = r.budget.validationSize + (r.kind === 'test' || r.testAccuracy !== undefined ? 10000 : 0);
      const c = work(r.flops, r.imagesSeen, evaluated);
      flopImages += c;
      images += r.imagesSeen;
      byKind[r.kind] = (byKind[r.kind] ?? 0) + c;
    }
    return { trainings: rows.length, images, flopImages, byKind };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [calFile, calSeconds] = values.calibrate.split(':');
const cal = await cost(calFile);
const rate = cal.flopImages / Number(calSeconds);
console.log(`calibration ${calFile}: ${cal.trainings} trainings, ${cal.images.toLocaleString('en-US')} images, ${(cal.flopImages / 1e12).toFixed(2)} TFLOP-units in ${calSeconds} trainer-seconds -> ${(rate / 1e9).toFixed(2)} GFLOP-units per trainer-second`);
for (const file of positionals) {
  const c = await cost(file);
  const trainerSeconds = c.flopImages / rate;
  const workers = Number(values.workers);
  const busy = Number(values.utilisation);
  console.log(`${file}: ${c.trainings} trainings, ${c.images.toLocaleString('en-US')} training images, ${(c.flopImages / 1e12).toFixed(2)} TFLOP-units -> ${(trainerSeconds / 3600).toFixed(2)} trainer-hours, about ${(trainerSeconds / workers / 60 / busy).toFixed(0)} min on ${workers} workers ${(busy * 100).toFixed(0)}% busy`);
  const shares = Object.entries(c.byKind).map(([k, v]) => `${k} ${(v / rate / workers / 60 / busy).toFixed(0)} min`);
  console.log(`  by experiment kind: ${shares.join(', ')}`);
}
