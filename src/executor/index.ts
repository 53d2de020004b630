/** Executors: how trials get trained (local trainer pool, synthetic dry runs). */
export { TrialCancelled, type Executor, type TrialHandle } from './contract.js';
export { LocalExecutor, type LocalExecutorOptions } from './local.js';
export { SyntheticExecutor, syntheticAccuracy, type SyntheticOptions } from './synthetic.js';
