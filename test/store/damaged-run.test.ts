/**
 * A damaged run is refused, not half-used: duplicate trial ids or (architecture, rung) pairs,
 * genomes outside the stored space, trials on missing rungs or never promoted, frontier ids
 * of no trial. status and search --resume say what is wrong and how to repair it (exit 2),
 * and leave run.json byte-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDocument } from '../../src/store/index.js';
import { runInProcess, tempDir } from '../helpers.js';

const SPACE = 'test/fixtures/spaces/tiny-convmixer.json';
const root = tempDir('spin-damaged-');
const base = join(root, 'base');
const args = (runs: string) => ['search', SPACE, '--name', 'd', '--runs-dir', runs, '--trials', '6', '--trainer', 'synthetic', '--seed', '7'];

const damages: [string, (doc: RunDocument) => void, RegExp][] = [
  ['a duplicate trial id', (d) => (d.trials[1]!.id = d.trials[0]!.id), /field trials\[1\]\.id: got "t0000-r0"; trials\[0\] has that id too/],
  ['a genome outside the stored space', (d) => (d.trials[2]!.genome = [9, 9, 9]), /field trials\[2\]\.genome: got \[9,9,9\]; not an architecture of the run's search space/],
  ['a trial on a rung the run does not have', (d) => (d.trials[0]!.rung = 7), /field trials\[0\]\.rung: got 7; the run has 1 rung/],
  ['a parent stored under another hash', (d) => (d.parents['abcdef012345'] = { hash: '000000000000', label: 'x', state: 'failed', finishedAt: d.createdAt }), /field parents\.abcdef012345\.hash: got "000000000000"; a parent is stored under its own hash/],
  ['one architecture twice on a rung', (d) => (d.trials[3]!.hash = d.trials[0]!.hash), /field trials\[3\]\.hash: .*trials\[0\] is that architecture at rung 0 too/],
];

test('damaged runs are refused by status and search --resume with what is wrong and how to repair it', async () => {
  const made = await runInProcess(args(base));
  assert.equal(made.code, 0, made.stderr);
  let n = 0;
  for (const [what, damage, message] of damages) {
    const runs = join(root, `c${n++}`);
    cpSync(base, runs, { recursive: true });
    const file = join(runs, 'd', 'run.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as RunDocument;
    damage(doc);
    const text = JSON.stringify(doc);
    writeFileSync(file, text);
    // status reads a run whose genomes no longer decode (it shows stored labels); --resume does not.
    const commands = what.startsWith('a genome') ? [[...args(runs), '--resume']] : [['status', join(runs, 'd')], [...args(runs), '--resume']];
    for (const command of commands) {
      const r = await runInProcess(command);
      assert.equal(r.code, 2, `${what}: ${command[0]}: ${r.stderr}`);
      assert.match(r.stderr, message, what);
      assert.match(r.stderr, /run\.json: the run is damaged: .*; the run was left untouched\. Restore run\.json from a backup, or repair it by hand/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.equal(readFileSync(file, 'utf8'), text, `${what}: run.json untouched by ${command[0]}`);
    }
  }
});
