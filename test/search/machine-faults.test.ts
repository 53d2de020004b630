/**
 * Faults of the machine are not trial failures: a trial that hits ENOSPC (or EIO, EMFILE...)
 * stops the search with one line and exit code 75, the run intact, the trial pending again;
 * the same command resumes and trains it. The fault is injected into the trainer's save.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MachineFaultError, MACHINE_FAULT_EXIT, TrialError } from '../../src/errors.js';
import { SyntheticExecutor, type Executor, type TrialHandle } from '../../src/executor/index.js';
import { runSearchSession } from '../../src/search/index.js';
import { loadRunSnapshot } from '../../src/store/index.js';
import type { TrainRequest } from '../../src/train/types.js';
import { reportError } from '../../src/cli/main.js';
import { machineFaultCode } from '../../src/util/machine-fault.js';
import { SPACE, runsDir } from './helpers.js';

/** Fails the n-th trial it is given as a full disk would (as an Error carrying the code, or as a worker's message). */
class FullDiskExecutor implements Executor {
  readonly name = 'full-disk';
  readonly capacity = Infinity;
  readonly inner = new SyntheticExecutor({ delayMs: 2 });
  #seen = 0;
  constructor(readonly failAt: number, readonly asMessage = false) {}

  submit(request: TrainRequest): TrialHandle {
    if (++this.#seen !== this.failAt) return this.inner.submit(request);
    const error = this.asMessage
      ? new TrialError(`trial ${request.trialId} failed: ENOSPC: no space left on device, write`)
      : Object.assign(new Error(`ENOSPC: no space left on device, open '${request.saveTo ?? 'x'}/weights.bin'`), { code: 'ENOSPC' });
    return { result: Promise.reject(error), cancel: () => undefined };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

for (const asMessage of [false, true]) {
  test(`a full disk while saving a trial stops the search, the trial pending again and trained on resume (${asMessage ? 'message from a worker thread' : 'error code'})`, async () => {
    const root = runsDir();
    const options = { spaceFile: SPACE, runsDir: root, name: 'full', trials: 8, workers: 2 };
    let fault: unknown;
    await runSearchSession({ ...options, executor: new FullDiskExecutor(4, asMessage) }).catch((e: unknown) => (fault = e));
    assert.ok(fault instanceof MachineFaultError, String(fault));
    assert.equal(fault.exitCode, MACHINE_FAULT_EXIT);
    assert.equal(fault.code, 'ENOSPC');
    assert.match(fault.message, /^the machine failed: ENOSPC \(no space left on the device\) while training trial t\d{4}-r0: .*run the same command to resume$/);
    assert.ok(!fault.message.includes('\n'));
    const stopped = await loadRunSnapshot(`${root}/full`);
    assert.equal(stopped.trials.filter((t) => t.state === 'failed').length, 0, 'no trial recorded as failed');
    assert.ok(stopped.trials.some((t) => t.state === 'pending'), 'the interrupted trial is pending again');
    assert.equal(stopped.trials.filter((t) => t.state === 'running').length, 0);

    const resumed = await runSearchSession({ ...options, resume: true, executor: new SyntheticExecutor() });
    assert.equal(resumed.outcome.failed, 0);
    const done = await loadRunSnapshot(`${root}/full`);
    assert.ok(done.trials.every((t) => t.state === 'done'), 'the resume retrained the interrupted trial');
  });
}

test('the CLI prints a machine fault in one line with exit code 75, not as an internal error', () => {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string) => lines.push(String(chunk)) > 0;
  let code: number;
  try {
    code = reportError(Object.assign(new Error("EIO: i/o error, write"), { code: 'EIO' }), false);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(code, 75);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^spin-nas: the machine failed: EIO \(input\/output error of the device\) while running the command: EIO: i\/o error, write; .*run the same command to resume\n$/);
  assert.doesNotMatch(lines[0]!, /internal error/);
});

test('machine faults are told from trial failures by code or by message', () => {
  for (const code of ['ENOSPC', 'EIO', 'EMFILE', 'ENFILE', 'EROFS', 'EDQUOT']) {
    assert.equal(machineFaultCode(Object.assign(new Error('x'), { code })), code);
    assert.equal(machineFaultCode(new Error(`trial t0001-r0 failed: ${code}: something, write`)), code);
  }
  assert.equal(machineFaultCode(new Error('shapes do not match')), null);
  assert.equal(machineFaultCode(new Error('an ENOSPC-like word inside a sentence')), null);
  assert.equal(machineFaultCode(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'EMFILE' }) })), 'EMFILE');
});
