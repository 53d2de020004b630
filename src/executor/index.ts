/** Executors: how trials get trained (local trainer pool, synthetic dry runs). */
export { TrialCancelled, type Executor, type TrialHandle } from './contract.js';
// The local executor (trainer pool) is imported from './local.js' directly, so that code
// using only the seam or the synthetic executor never loads TensorFlow.js.
export type { LocalExecutorOptions } from './local.js';
export { SyntheticExecutor, syntheticAccuracy, type SyntheticOptions } from './synthetic.js';
