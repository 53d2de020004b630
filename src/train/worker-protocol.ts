/** Messages between the trainer pool and its worker threads (plain, cloneable data). */
import type { TrainRequest } from './types.js';

/**
 * Test-only stand-in for training, so pool tests stay fast: return a fake result after
 * `ms`, throw, exit the worker, or hang until cancelled.
 */
export interface Simulation {
  behaviour: 'succeed' | 'throw' | 'exit' | 'hang';
  ms?: number;
}

export interface WorkerTask {
  request: TrainRequest;
  /** Int32 flag set to 1 by the pool to ask the trial to stop between steps. */
  stop?: SharedArrayBuffer;
  simulate?: Simulation;
}
