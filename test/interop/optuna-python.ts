/** Runs Debian's python3-optuna (/usr/bin/python3) on a journal file through test/interop/optuna_check.py. */
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';

export const PYTHON = '/usr/bin/python3';
export const CHECK_SCRIPT = 'test/interop/optuna_check.py';

export interface OptunaTrial {
  number: number;
  state: 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
  params: Record<string, string | number>;
  distributions: Record<string, string>;
  values: number[] | null;
  user_attrs: Record<string, unknown>;
  constraints: number[] | null;
  datetime_start: string | null;
  datetime_complete: string | null;
}

export interface OptunaView {
  optuna: string;
  study_name: string;
  directions: string[];
  metric_names: string[] | null;
  user_attrs: Record<string, unknown>;
  n_trials: number;
  trials: OptunaTrial[];
  best_trials: string[];
  best_feasible_by_rung: Record<string, string[]>;
  distributions_match: boolean;
}

/**
 * Why Optuna cannot be run here, or null when it can. Under CI=true a missing Optuna fails
 * the test (`.ci/run` installs python3-optuna); elsewhere the caller skips with the reason.
 */
export function optunaMissing(t: TestContext): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' });
  if (probe.status === 0) return false;
  const why = probe.error ? `${PYTHON} cannot run (${probe.error.message})` : `${PYTHON} cannot import optuna (${probe.stderr.trim().split('\n').at(-1)})`;
  assert.notEqual(process.env['CI'], 'true', `${why}: apt-get install -y python3-optuna`);
  t.skip(`${why}; apt-get install -y python3-optuna to run this test`);
  return true;
}

export function readWithOptuna(journal: string): OptunaView {
  const run = spawnSync(PYTHON, [CHECK_SCRIPT, journal], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, `optuna could not read ${journal}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as OptunaView;
}
