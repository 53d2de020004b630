/**
 * Property-based fuzzing of the loaders (fast-check, seeded): a real run.json, a space file
 * and a study file are mutated (field deletions, type swaps, huge, negative and non-finite
 * numbers, path strings) and each must end in success or a clear refusal (exit 2), never a
 * stack trace or an internal error; a refused command leaves the run's files byte-identical,
 * and nothing outside the run is ever written or deleted. The suite runs a few hundred cases
 * (fuzz.test.ts); scripts/fuzz-loaders.mjs runs many more with any seed.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { SpinError } from '../../src/errors.js';
import { loadSpace } from '../../src/space/index.js';
import { loadStudy } from '../../src/study/load.js';
import { repoRoot, runInProcess, tempDir } from '../helpers.js';

const SPACE = 'test/fixtures/spaces/tiny-convmixer.json';
const INF = '__not_finite__';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path into a JSON value (the root excluded). */
function pathsOf(value: Json, at: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)) {
      out.push([...at, k]);
      pathsOf(v, [...at, k], out);
    }
  }
  return out;
}

/** The values a mutation may put in a field: type swaps, extreme numbers, path strings. */
function replacements(outside: string): fc.Arbitrary<Json> {
  return fc.oneof(
    fc.constantFrom<Json>(null, true, false, '', 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, [], {}, INF, `-${INF}`),
    // Relative to runs/f/checkpoints/trials/ (where trial weights go) and to runs/f/, then absolute.
    fc.constantFrom<Json>('../../../../outside', '../../outside', '../../..', '../outside', outside, join(outside, 'x'), '/etc/passwd', 't0000-r0', 'a\u0000b'),
    fc.integer({ min: -1000, max: 1000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 12 }),
    fc.array(fc.integer({ min: -3, max: 50 }), { maxLength: 12 }),
  );
}

export interface Mutation {
  path: number;
  /** Pick among the fields that name things (ids, paths, references) rather than any field. */
  focus: boolean;
  /** delete or replace the field; retarget: a trial's id and checkpoint both made a path string. */
  kind: 'delete' | 'replace' | 'retarget';
  value: Json;
}

/** Fields that name files, trials or rungs: where a hand edit can do the most harm. */
const NAMING = /^(trials\.\d+\.(id|rung|hash|genome|state|result\.checkpoint|weightsDeleted)|parents(\..*)?|frontier(\.\d+)?|rungFrontiers.*|frontierRung|config\.(rungs|trials|keepWeights|strategy)|strategy(\..*)?)$/;

function mutationArb(outside: string): fc.Arbitrary<Mutation[]> {
  const one = fc.record({
    path: fc.nat(),
    focus: fc.boolean(),
    kind: fc.constantFrom<Mutation['kind']>('delete', 'replace', 'replace', 'retarget'),
    value: replacements(outside),
  });
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/** The JSON text of `doc` after the mutations (non-finite numbers written as 1e999). */
function mutate(doc: Json, mutations: Mutation[]): string {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  for (const m of mutations) {
    const all = pathsOf(copy);
    const named = all.filter((p) => NAMING.test(p.join('.')));
    const paths = m.focus && named.length > 0 ? named : all;
    if (paths.length === 0) break;
    const trials = (copy as { trials?: unknown }).trials;
    if (m.kind === 'retarget' && Array.isArray(trials) && trials.length > 0) {
      const t = trials[m.path % trials.length] as { id?: Json; result?: { checkpoint?: Json } } | null;
      if (t !== null && typeof t === 'object') {
        const target = typeof m.value === 'string' && m.value.includes('..') ? m.value : '../../../../outside';
        t.id = target;
        if (t.result && typeof t.result === 'object') t.result.checkpoint = join('checkpoints', 'trials', target);
        continue;
      }
    }
    const path = paths[m.path % paths.length]!;
    let parent = copy as Record<string | number, Json>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
    const key = path.at(-1)!;
    if (m.kind === 'delete' || m.kind === 'retarget') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else {
      parent[key] = m.value;
    }
  }
  return JSON.stringify(copy).replaceAll(`"-${INF}"`, '-1e999').replaceAll(`"${INF}"`, '1e999');
}

/** Every file under `dir` with its bytes (links as their target text). */
function filesOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

function assertClean(what: string, r: { code: number | null; stderr: string }): void {
  assert.ok(r.code === 0 || r.code === 2, `${what}: exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, what);
}

/** Mutated run.json files: status and search --resume succeed or refuse cleanly, touching nothing when they refuse. */
export async function fuzzRunFile(numRuns: number, seed: number): Promise<void> {
  const root = tempDir('spin-fuzz-run-');
  const pristine = join(root, 'pristine');
  const args = (runs: string) => ['search', SPACE, '--name', 'f', '--runs-dir', runs, '--trials', '4', '--trainer', 'synthetic', '--seed', '2', '--keep-weights', 'all'];
  const made = await runInProcess(args(pristine));
  assert.equal(made.code, 0, made.stderr);
  const doc = JSON.parse(readFileSync(join(pristine, 'f', 'run.json'), 'utf8')) as Json;
  const runs = join(root, 'runs');
  const outside = join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'keep-me.txt'), 'precious');
  const outsideBefore = filesOf(outside);
  await fc.assert(
    fc.asyncProperty(mutationArb(outside), async (mutations) => {
      rmSync(runs, { recursive: true, force: true });
      cpSync(pristine, runs, { recursive: true });
      const file = join(runs, 'f', 'run.json');
      writeFileSync(file, mutate(doc, mutations));
      const before = filesOf(join(runs, 'f'));
      const status = await runInProcess(['status', join(runs, 'f')]);
      assertClean('status', status);
      assert.deepEqual(filesOf(join(runs, 'f')), before, 'status never writes');
      // --keep-weights frontier: the resume deletes the weights of trials off the frontier.
      const resumed = await runInProcess([...args(runs).slice(0, -2), '--keep-weights', 'frontier', '--resume']);
      assertClean('search --resume', resumed);
      if (resumed.code === 2) assert.deepEqual(filesOf(join(runs, 'f')), before, `a refused resume leaves the run byte-identical: ${resumed.stderr}`);
      assert.deepEqual(filesOf(outside), outsideBefore, 'nothing outside the run changed');
      assert.deepEqual(readdirSync(root).sort(), ['outside', 'pristine', 'runs'], 'nothing created beside the run');
    }),
    { numRuns, seed, endOnFailure: true },
  );
}

/** Mutated space and study files: loading succeeds or throws a SpinError with exit code 2. */
export async function fuzzInputFiles(numRuns: number, seed: number): Promise<void> {
  const dir = tempDir('spin-fuzz-input-');
  const outside = join(dir, 'outside');
  const space = JSON.parse(readFileSync(join(repoRoot, SPACE), 'utf8')) as Json;
  const studyFile = join(repoRoot, 'studies', 'spin-fmnist-ci.json');
  const study = JSON.parse(readFileSync(studyFile, 'utf8')) as Record<string, Json>;
  // The study names its space relative to itself: point it at the shipped one from here.
  study['space'] = relative(dir, join(repoRoot, 'studies', study['space'] as string));
  const loads: [string, Json, (file: string) => unknown][] = [
    ['space.json', space, loadSpace],
    ['study.json', study, loadStudy],
  ];
  for (const [name, original, load] of loads) {
    await fc.assert(
      fc.asyncProperty(mutationArb(outside), (mutations) => {
        const file = join(dir, name);
        writeFileSync(file, mutate(original, mutations));
        try {
          load(file);
        } catch (error) {
          assert.ok(error instanceof SpinError && error.exitCode === 2, `${name}: not a clear refusal: ${(error as Error)?.stack ?? String(error)}`);
          assert.ok(!error.message.includes('\n    at '), error.message);
        }
        return Promise.resolve();
      }),
      { numRuns, seed, endOnFailure: true },
    );
  }
}
