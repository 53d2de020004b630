/**
 * `spin-nas export --format optuna-journal` on the command line: flag combinations, where the
 * journal goes (a file, standard output), files it must not overwrite, and `--watch`
 * following a run until Ctrl-C. Optuna itself reads the result in test/interop.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticExecutor } from '../../src/executor/index.js';
import { OP, TRIAL_STATE, type JournalOperation } from '../../src/interop/optuna/index.js';
import { runSearchSession } from '../../src/search/index.js';
import type { RunDocument } from '../../src/store/index.js';
import { runCli } from '../helpers.js';
import { optunaMissing, readWithOptuna } from '../interop/optuna-python.js';
import { spawnCli } from '../helpers.js';
import { waitFor } from './search-helpers.js';

let root = '';
let run = '';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'spin-nas-export-optuna-'));
  run = (await runSearchSession({ spaceFile: 'test/fixtures/spaces/tiny-convmixer.json', runsDir: root, name: 'tiny', trials: 6, workers: 2, executor: new SyntheticExecutor() })).dir;
});

after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const lines = (text: string): JournalOperation[] => text.trim().split('\n').map((l) => JSON.parse(l) as JournalOperation);

for (const [what, args, message] of [
  ['an unknown format', ['--format', 'sqlite'], /option --format: got "sqlite"; use model \(TensorFlow\.js\), onnx or pytorch \(one trial's model, with --trial\), or optuna-journal \(the whole run\)/],
  ['--training-form with ONNX', ['--format', 'onnx', '--trial', 't0001-r0', '--out', 'x.onnx', '--training-form'], /option --training-form: only with --format pytorch \(got --format onnx\); ONNX holds the deployed model/],
  ['--training-form with the journal', ['--format', 'optuna-journal', '--training-form'], /option --training-form: only with --format pytorch/],
  ['an ONNX export without --out', ['--format', 'onnx', '--trial', 't0001-r0'], /export: pass --out <path>, the ONNX file to write, e\.g\. --out model\.onnx/],
  ['--trial with the journal', ['--format', 'optuna-journal', '--trial', 't0001-r0'], /option --trial: got "t0001-r0"; --format optuna-journal exports every trial of the run, drop --trial/],
  ['a model export without --trial', ['--out', 'x'], /export: pass --trial <id> to export a trial's model .*, or --format optuna-journal to export the whole run/],
  ['--watch with a model export', ['--trial', 't0001-r0', '--out', 'x', '--watch'], /option --watch: only with --format optuna-journal/],
  ['--watch without --out', ['--format', 'optuna-journal', '--watch'], /option --watch: pass --out <file> too/],
  ['a bad --interval', ['--format', 'optuna-journal', '--watch', '--out', 'x.log', '--interval', '0'], /option --interval: got "0"; use a number of seconds above 0/],
] as const) {
  test(`export refuses ${what} with one line and exit 2`, async () => {
    const { code, stdout, stderr } = await runCli(['export', run, ...args]);
    assert.equal(code, 2, stdout);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });
}

test('an ONNX or PyTorch export of a trial whose weights were not kept is refused with one line and exit 2', async () => {
  const doc = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunDocument;
  const gone = doc.trials.find((t) => !doc.frontier.includes(t.id))!;
  for (const format of ['onnx', 'pytorch']) {
    const out = join(root, `never-${format}`);
    const { code, stderr } = await runCli(['export', run, '--trial', gone.id, '--format', format, '--out', out]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, new RegExp(`the weights of trial ${gone.id} were deleted \\(.+\\) because it was not on the frontier`));
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.equal(existsSync(out), false);
  }
});

test('without --out the journal goes to standard output', async () => {
  const { code, stdout, stderr } = await runCli(['export', run, '--format', 'optuna-journal']);
  assert.equal(code, 0, stderr);
  const ops = lines(stdout);
  assert.deepEqual(ops[0], { op_code: OP.createStudy, worker_id: 'spin-nas-export', study_name: 'tiny', directions: [2, 1] });
  assert.equal(ops.filter((o) => o.op_code === OP.createTrial).length, (JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunDocument).trials.length);
});

test('a file that is not a spin-nas journal is never overwritten; an earlier export is replaced', async () => {
  const other = join(root, 'notes.txt');
  writeFileSync(other, 'my notes\n');
  const refused = await runCli(['export', run, '--format', 'optuna-journal', '--out', other]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--out .*notes\.txt: the file exists and is not an Optuna journal written by spin-nas export; it was left untouched/);
  assert.equal(readFileSync(other, 'utf8'), 'my notes\n');

  const out = join(root, 'again.log');
  assert.equal((await runCli(['export', run, '--format', 'optuna-journal', '--out', out])).code, 0);
  const first = readFileSync(out, 'utf8');
  assert.equal((await runCli(['export', run, '--format', 'optuna-journal', '--out', out])).code, 0);
  assert.equal(readFileSync(out, 'utf8'), first, 'the same run gives the same file, not one appended to the other');
});

test('--watch appends what changes in the run and stops cleanly on Ctrl-C', async (t) => {
  const live = join(root, 'live');
  const doc = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunDocument;
  const finished = structuredClone(doc);
  const last = doc.trials.at(-1)!;
  Object.assign(last, { state: 'pending' });
  for (const key of ['result', 'startedAt', 'finishedAt'] as const) delete last[key];
  mkdirSync(live);
  writeFileSync(join(live, 'run.json'), JSON.stringify(doc));

  const out = join(root, 'live.log');
  const { child, exit } = spawnCli(['export', live, '--format', 'optuna-journal', '--out', out, '--watch', '--interval', '0.1']);
  await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').includes(`"state":${TRIAL_STATE.WAITING}`));
  // The run moves on: written as the store writes it (a new file renamed over the old one).
  writeFileSync(join(live, 'run.json.tmp'), JSON.stringify(finished));
  renameSync(join(live, 'run.json.tmp'), join(live, 'run.json'));
  await waitFor(() => lines(readFileSync(out, 'utf8')).some((o) => o.op_code === OP.setTrialStateValues && o['state'] === TRIAL_STATE.COMPLETE));
  child.kill('SIGINT');
  const stopped = await exit;
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.equal(stopped.stderr, '');
  assert.match(stopped.stdout, /watching .* every 0\.1 s \(Ctrl-C to stop\)[\s\S]*appended \d+ operations[\s\S]*stopped watching/);
  assert.equal(existsSync(`${out}.lock`), false, 'the journal lock is released');

  if (optunaMissing(t)) return;
  const optuna = readWithOptuna(out);
  assert.equal(optuna.n_trials, doc.trials.length);
  const trial = optuna.trials.at(-1)!;
  assert.equal(trial.state, 'COMPLETE');
  assert.equal(trial.user_attrs['trial_id'], last.id);
  assert.ok(trial.datetime_start !== null && trial.values !== null);
});
