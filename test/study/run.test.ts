import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Executor } from '../../src/executor/contract.js';
import { SyntheticExecutor } from '../../src/executor/synthetic.js';
import { rowsFromDocs } from '../../src/study/data.js';
import { aggregateStudy } from '../../src/study/aggregate.js';
import { renderStudyMarkdown } from '../../src/study/markdown.js';
import { readStudyDocs, runStudy } from '../../src/study/run.js';
import { runCompute } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { repoPath } from './helpers.js';

const studyFile = repoPath('studies/spin-fmnist.json');

test('a study interrupted part-way resumes without repeating or losing a trial', async () => {
  const runsDir = tempDir('spin-study-');
  const executor = new SyntheticExecutor({ delayMs: 0 });

  const controller = new AbortController();
  let seen = 0;
  const first = await runStudy({
    studyFile,
    runsDir,
    executor,
    signal: controller.signal,
    onEvent: (_unit, e) => {
      if (e.type === 'finished' && ++seen === 20) controller.abort();
    },
  });
  assert.equal(first.interrupted, true);
  const partial = aggregateStudy(first.loaded.study, first.loaded.space, first.plan, await readStudyDocs(first.dir, first.plan));
  assert.equal(partial.complete, false);

  const second = await runStudy({ studyFile, runsDir, executor });
  assert.equal(second.interrupted, false);
  const docs = await readStudyDocs(second.dir, second.plan);
  const results = aggregateStudy(second.loaded.study, second.loaded.space, second.plan, docs);
  assert.equal(results.complete, true);

  // Every unit holds its planned trials, each done once; a search stops early only at its
  // compute budget (the compute of its grid, parents included).
  let trained = 0;
  for (const unit of second.plan.units) {
    const doc = docs.get(unit.name);
    const trials = doc?.trials ?? [];
    const done = trials.filter((x) => x.state === 'done').length;
    trained += done;
    if (unit.maxCompute !== undefined && done < unit.trials) assert.ok(runCompute(doc!).total.flops >= unit.maxCompute, `${unit.name} stopped at its compute budget`);
    else assert.equal(done, unit.trials, unit.name);
    assert.equal(new Set(trials.map((x) => `${x.hash}@${x.rung}`)).size, trials.length, unit.name);
  }
  assert.ok(second.plan.units.some((u) => u.kind === 'search' && u.maxCompute !== undefined), 'the searches have a compute budget');
  // The trials plus the fusion parents: one per fusion unit, and those the searches needed.
  const parents = [...docs.values()].reduce((n, d) => n + Object.keys(d.parents).length, 0);
  assert.ok(['fusion-s0', 'fusion-s1', 'fusion-s2'].every((u) => Object.keys(docs.get(u)?.parents ?? {}).length === 1));
  assert.equal(results.compute.trials, trained + parents);
  assert.ok(results.compute.imagesSeen > 0);

  // Every grid point has one accuracy per seed, including points trained by an earlier grid.
  for (const g of results.grids) for (const p of g.points) assert.equal(p.accuracies.length, 3, `${g.experiment} ${p.label}`);
  assert.equal(results.fidelity[0]?.rows.length, 6);
  assert.ok(Number.isFinite(results.fidelity[0]?.tau));
  assert.equal(results.compression.length, 1);
  assert.equal(results.compression[0]?.setting, 'equal epochs');

  const markdown = renderStudyMarkdown(results);
  assert.match(markdown, /## Findings/);
  assert.match(markdown, /\| Mapping \| sequential beats strided \(paper/);
  assert.match(markdown, /\| Fusion, equal epochs \| mean fusion beats scratch/);
  assert.match(markdown, /Kendall tau .*: \*\*-?\d\.\d{3}\*\*( \[95% CI -?\d\.\d{3}, -?\d\.\d{3}\])? over 6 architectures/);
  assert.doesNotMatch(markdown, /not complete/);
});

test('units overlap, two at once on a pool of two, and change no grid result', async () => {
  // The reduced third edition without its searches (their proposals depend on timing by design).
  const reduced = JSON.parse(readFileSync(repoPath('studies/spin-fmnist-v3-ci.json'), 'utf8')) as { space: string; experiments: { type: string }[] };
  const v3 = join(tempDir('spin-study-grids-'), 'grids.json');
  writeFileSync(v3, JSON.stringify({ ...reduced, space: repoPath(join('studies', reduced.space)), experiments: reduced.experiments.filter((e) => e.type !== 'search') }));
  const inFlight = new Map<string, string>();
  let overlapped = 0;
  // A pool of two that records which unit each training in flight belongs to.
  const recording = (): Executor => {
    const inner = new SyntheticExecutor({ delayMs: 2, capacity: 2 });
    return {
      name: 'recording',
      capacity: 2,
      submit: (request) => {
        // runs/<study>/<unit>/checkpoints/...
        const parts = (request.saveTo ?? '').split(sep);
        const unit = parts[parts.lastIndexOf('checkpoints') - 1] ?? '?';
        inFlight.set(request.trialId + unit, unit);
        if (new Set(inFlight.values()).size > 1) overlapped++;
        const handle = inner.submit(request);
        void handle.result.finally(() => inFlight.delete(request.trialId + unit)).catch(() => undefined);
        return handle;
      },
      close: () => inner.close(),
    };
  };
  const overlapping = await runStudy({ studyFile: v3, runsDir: tempDir('spin-study-overlap-'), executor: recording() });
  assert.ok(overlapped > 0, 'trainings of two units were in flight together');
  const sequential = await runStudy({ studyFile: v3, runsDir: tempDir('spin-study-sequential-'), executor: new SyntheticExecutor({ capacity: 2 }), unitsAtOnce: 1 });
  const gridRows = (run: typeof sequential): string[] => rowsFromDocs(run.plan, run.docs, run.loaded.space).map((r) => JSON.stringify({ ...r, wallSeconds: 0 }));
  assert.deepEqual(gridRows(overlapping), gridRows(sequential));
  assert.ok(gridRows(sequential).length > 30);
  assert.equal(aggregateStudy(overlapping.loaded.study, overlapping.loaded.space, overlapping.plan, overlapping.docs).complete, true);
});
