/** The run store: runs/<name>/run.json, locked, atomic, the single source of truth. */
export { RunStore, type OpenRunOptions } from './run-store.js';
export { loadRunSnapshot, readRunDocument, runFile } from './read.js';
export { acquireRunLock, LOCK_FILE } from './lock.js';
export { checkCompatible } from './compat.js';
export {
  RUN_FILE,
  RUN_FORMAT,
  RUN_VERSION,
  type KeepWeights,
  type ParentRecord,
  type RunConfig,
  type RunDocument,
  type StrategyRecord,
} from './document.js';
export type { ComputeCharge, HypervolumePoint, HypervolumeRecord, RunSnapshot, TrialRecord, TrialState, TrialWorker } from './types.js';
export {
  addCharge,
  chargeInWords,
  COMPUTE_UNIT,
  COMPUTE_UNIT_NAME,
  computeInWords,
  estimatedCharge,
  measuredCharge,
  noCompute,
  parentCompute,
  runCompute,
  trainingFlops,
  trialCompute,
  type RunCompute,
} from './compute.js';
export { isSyntheticRun, isSyntheticTrial, SYNTHETIC_NOTE } from './synthetic.js';
