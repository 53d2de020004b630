/**
 * Runs test/export/export_check.py once over a list of exports, with Debian's python3-onnx and
 * python3-torch (/usr/bin/python3; .ci/run installs both). Outside CI a missing package skips
 * with the reason; under CI=true it fails (test/helpers.ts missing()).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { missing, repoRoot } from '../helpers.js';

export const PYTHON = '/usr/bin/python3';

export interface OnnxCheck { ok: boolean; problem: string | null; opset: number[]; params: number; inputs: string[]; outputs: string[]; metadata: Record<string, string> }
export interface TorchRun { params: number; logits: number[] }
export interface TorchCheck extends TorchRun { form: string; training_mode: boolean; fused?: TorchRun }
export type PythonResult = OnnxCheck | TorchCheck | { error: string };
export type PythonJob = { onnx: string } | { pytorch: string; input: number[]; shape: number[] };

/** Why the Python checks cannot run here (a skip reason), or false. */
export function pythonMissing(): string | false {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
  return missing('torch and onnx for /usr/bin/python3', probe.status === 0, 'apt-get install -y python3-torch python3-onnx');
}

/** One Python process for every job; results by the job's path. */
export function runPythonChecks(jobs: PythonJob[]): Map<string, PythonResult> {
  const run = spawnSync(PYTHON, [join(repoRoot, 'test', 'export', 'export_check.py')], {
    input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 180_000,
  });
  assert.equal(run.status, 0, `export_check.py failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as PythonResult[];
  return new Map(jobs.map((job, i) => ['onnx' in job ? job.onnx : job.pytorch, results[i]!]));
}

/** The result for `path`, failing the test on a Python-side error. */
export function checked<T extends PythonResult>(results: ReadonlyMap<string, PythonResult>, path: string): T {
  const result = results.get(path);
  assert.ok(result !== undefined, `no Python result for ${path}`);
  assert.ok(!('error' in result), `${path}: ${(result as { error: string }).error}`);
  return result as T;
}
