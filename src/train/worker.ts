/**
 * Piscina worker: runs one trial per task with `train` in this thread. Each worker keeps
 * its TensorFlow.js backend and decoded datasets between tasks.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { train } from './trainer.js';
import type { TrainResult } from './types.js';
import type { Simulation, WorkerTask } from './worker-protocol.js';

async function simulate(task: WorkerTask, simulation: Simulation): Promise<TrainResult> {
  const ms = simulation.ms ?? 0;
  switch (simulation.behaviour) {
    case 'throw':
      await sleep(ms);
      throw new Error(`simulated failure of trial ${task.request.trialId}`);
    case 'exit':
      await sleep(ms);
      process.exit(3);
    // falls through (process.exit does not return)
    case 'hang':
      await sleep(2 ** 31 - 1);
      break;
    case 'succeed':
      await sleep(ms);
  }
  return {
    trialId: task.request.trialId,
    valAccuracy: 0.5,
    valLoss: 1,
    lossCurve: [2, 1],
    wallSeconds: ms / 1000,
    imagesPerSecond: 0,
    imagesSeen: 0,
    backend: task.request.backend,
    trainableParams: 0,
  };
}

export default async function runTask(task: WorkerTask): Promise<TrainResult> {
  if (task.simulate !== undefined) return simulate(task, task.simulate);
  const flag = task.stop === undefined ? undefined : new Int32Array(task.stop);
  return train(task.request, flag === undefined ? {} : { shouldStop: () => Atomics.load(flag, 0) === 1 });
}
