/**
 * A run folder edited by hand (or received from someone else) never makes spin-nas read,
 * write or delete outside it: trial ids with path segments, checkpoint paths that lead out,
 * links from inside the run to elsewhere and link loops refuse the whole command (exit 2,
 * file and field named) before anything is written; a sentinel folder beside the run survives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WeightKeeper } from '../../src/search/keep-weights.js';
import { placeInRun } from '../../src/store/index.js';
import type { RunDocument, TrialRecord } from '../../src/store/index.js';
import { runCli, tempDir } from '../helpers.js';

const SPACE = 'test/fixtures/spaces/tiny-convmixer.json';
const root = tempDir('spin-contain-');
const base = join(root, 'base');
const searchArgs = (runs: string) => ['search', SPACE, '--name', 'r', '--runs-dir', runs, '--trials', '6', '--trainer', 'synthetic', '--seed', '3'];

test.before(async () => {
  const r = await runCli([...searchArgs(base), '--keep-weights', 'all']);
  assert.equal(r.code, 0, r.stderr);
});

let count = 0;
/** A copy of the base run in its own folder, with a sentinel folder beside the runs folder. */
function copyRun(): { runs: string; dir: string; file: string; sentinel: string } {
  const top = join(root, `case${count++}`);
  const runs = join(top, 'runs');
  cpSync(base, runs, { recursive: true, verbatimSymlinks: true });
  const sentinel = join(top, 'sentinel');
  mkdirSync(sentinel);
  writeFileSync(join(sentinel, 'keep-me.txt'), 'precious');
  return { runs, dir: join(runs, 'r'), file: join(runs, 'r', 'run.json'), sentinel };
}

function edit(file: string, change: (doc: RunDocument) => void): string {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as RunDocument;
  change(doc);
  const text = JSON.stringify(doc);
  writeFileSync(file, text);
  return text;
}

function offFrontier(doc: RunDocument): TrialRecord {
  const kept = new Set([...doc.frontier, ...(doc.rungFrontiers ?? []).flatMap((f) => f.ids)]);
  return doc.trials.find((t) => t.state === 'done' && !kept.has(t.id))!;
}

function assertRefused(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

test('a trial id with path segments is refused by search --resume and status; the folder outside the run survives', async () => {
  const c = copyRun();
  const text = edit(c.file, (doc) => {
    const t = offFrontier(doc);
    // keep-weights would delete runs/r/checkpoints/trials/<id>: make that the sentinel folder.
    t.id = relative(join(c.dir, 'checkpoints', 'trials'), c.sentinel);
    t.result!.checkpoint = join('checkpoints', 'trials', t.id);
    delete t.weightsDeleted;
  });
  const field = /run\.json: field trials\[\d+\]\.id: got "(\.\.\/)+sentinel"; not a trial id; the command was refused and the run left untouched/;
  const resumed = await runCli([...searchArgs(c.runs), '--resume', '--keep-weights', 'frontier']);
  assertRefused(resumed, field);
  assert.ok(existsSync(join(c.sentinel, 'keep-me.txt')), 'the sentinel folder outside the run survived');
  assert.equal(readFileSync(c.file, 'utf8'), text, 'run.json byte-identical');
  assert.ok(!existsSync(join(c.dir, 'lock')), 'no lock left behind');
  assertRefused(await runCli(['status', c.dir]), field);
  assertRefused(await runCli(['report', c.dir, '--format', 'json']), field);
});

test('a checkpoint folder linked outside the run is refused before anything is deleted or written', async () => {
  const c = copyRun();
  const before = readFileSync(c.file, 'utf8');
  const trials = join(c.dir, 'checkpoints', 'trials');
  // Every kept trial folder moved out to the sentinel, and checkpoints/trials made a link to it.
  cpSync(trials, join(c.sentinel, 'trials'), { recursive: true });
  rmSync(trials, { recursive: true });
  symlinkSync(join(c.sentinel, 'trials'), trials);
  const outside = readdirSync(join(c.sentinel, 'trials')).sort();
  const r = await runCli([...searchArgs(c.runs), '--resume', '--keep-weights', 'none']);
  assertRefused(r, /checkpoints\/trials: it leads outside the run folder through a symbolic link .*; the command was refused and the run left untouched/);
  assert.deepEqual(readdirSync(join(c.sentinel, 'trials')).sort(), outside, 'nothing deleted through the link');
  assert.equal(readFileSync(c.file, 'utf8'), before);
});

test('a symbolic link loop under the run is one clear error, not a failed trial', async () => {
  const c = copyRun();
  const before = readFileSync(c.file, 'utf8');
  const doc = JSON.parse(before) as RunDocument;
  const id = doc.trials[0]!.id;
  const folder = join(c.dir, 'checkpoints', 'trials', id);
  rmSync(folder, { recursive: true, force: true });
  symlinkSync(`${folder}-loop`, folder);
  symlinkSync(folder, `${folder}-loop`);
  const r = await runCli([...searchArgs(c.runs), '--resume', '--trials', '8']);
  assertRefused(r, new RegExp(`checkpoints/trials/${id}: .*symbolic link loop; the command was refused`));
  assert.equal(readFileSync(c.file, 'utf8'), before);
});

test('stored checkpoint paths that lead out of the run are refused by status and export, naming the field', async () => {
  const c = copyRun();
  let at = 0;
  edit(c.file, (doc) => {
    at = doc.trials.findIndex((t) => doc.frontier.includes(t.id));
    doc.trials[at]!.result!.checkpoint = '../../sentinel';
  });
  const id = (JSON.parse(readFileSync(c.file, 'utf8')) as RunDocument).trials[at]!.id;
  const field = new RegExp(`run\\.json: field trials\\[${at}\\]\\.result\\.checkpoint: got "\\.\\./\\.\\./sentinel"; it points outside the run folder`);
  assertRefused(await runCli(['status', c.dir]), field);
  assertRefused(await runCli(['export', c.dir, '--trial', id, '--out', join(c.sentinel, 'model')]), field);
  assert.ok(!existsSync(join(c.sentinel, 'model')));

  const d = copyRun();
  edit(d.file, (doc) => {
    const hash = 'abcdef012345';
    doc.parents[hash] = { hash, label: 'parent', state: 'done', checkpoint: d.sentinel, finishedAt: doc.createdAt };
  });
  assertRefused(await runCli(['status', d.dir]), /run\.json: field parents\.[0-9a-f]+\.checkpoint: got ".*sentinel"; it points outside the run folder/);
});

test('a run lock that is a symbolic link is refused before it is replaced or read', async () => {
  const c = copyRun();
  const target = join(c.sentinel, 'keep-me.txt');
  symlinkSync(target, join(c.dir, 'lock'));
  const r = await runCli([...searchArgs(c.runs), '--resume']);
  assertRefused(r, /r\/lock: the run lock is a symbolic link/);
  assert.equal(readFileSync(target, 'utf8'), 'precious');
});

test('the weight keeper never deletes through a link made after the run was read', async () => {
  const dir = tempDir('spin-keeper-');
  const outside = tempDir('spin-outside-');
  writeFileSync(join(outside, 'keep-me.txt'), 'precious');
  mkdirSync(join(dir, 'checkpoints'), { recursive: true });
  symlinkSync(outside, join(dir, 'checkpoints', 'trials'));
  const errors: string[] = [];
  const keeper = new WeightKeeper('none', dir, { onError: (m) => errors.push(m) });
  const record = { id: 't0001-r0', state: 'done', result: { checkpoint: join('checkpoints', 'trials', 't0001-r0') } } as unknown as TrialRecord;
  mkdirSync(join(outside, 't0001-r0'));
  keeper.prune([record], []);
  keeper.sweep([]);
  await keeper.settled();
  assert.ok(existsSync(join(outside, 't0001-r0')) && existsSync(join(outside, 'keep-me.txt')), 'nothing outside deleted');
  assert.ok(errors.length >= 1 && errors.every((m) => /not deleted: it leads outside the run folder/.test(m)), errors.join('\n'));
});

test('placeInRun: inside, outside, through links, loops and links to nothing', () => {
  const dir = tempDir('spin-place-');
  mkdirSync(join(dir, 'a'));
  symlinkSync(join(dir, 'a'), join(dir, 'in-link'));
  symlinkSync('/', join(dir, 'out-link'));
  symlinkSync(join(dir, 'loop2'), join(dir, 'loop1'));
  symlinkSync(join(dir, 'loop1'), join(dir, 'loop2'));
  symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
  assert.ok(placeInRun(dir, 'a/b/c').ok);
  assert.ok(placeInRun(dir, 'in-link/new').ok);
  assert.ok(placeInRun(dir, join(dir, 'a')).ok, 'an absolute path inside the run');
  assert.ok(!placeInRun(dir, '.').ok, 'the run folder itself is not a checkpoint');
  assert.ok(placeInRun(dir, '.', true).ok);
  assert.match(wrong(placeInRun(dir, '../x')), /outside the run folder/);
  assert.match(wrong(placeInRun(dir, '/etc')), /outside the run folder/);
  assert.match(wrong(placeInRun(dir, 'out-link/etc')), /leads outside the run folder through a symbolic link/);
  assert.match(wrong(placeInRun(dir, 'loop1/x')), /symbolic link loop/);
  assert.match(wrong(placeInRun(dir, 'dangling/x')), /symbolic link to nothing/);
  assert.ok(placeInRun(join(dir, 'not-yet'), 'checkpoints').ok, 'a run folder that does not exist yet holds nothing');
});

function wrong(p: ReturnType<typeof placeInRun>): string {
  return p.ok ? `ok: ${p.path}` : p.why;
}
