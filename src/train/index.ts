/** Trainers: models, fusion, checkpoints, the single-trial trainer and the worker pool. */
export { buildModel, countTrainable, type TrainableModel, type BuildOptions } from './model/build.js';
export { validateArch } from './model/validate.js';
export { weightSets, type WeightSet } from './model/groups.js';
export { initFromParent, exportDeployed, checkParent } from './fusion/index.js';
export { saveModel, loadModel, loadCheckpoint, type CheckpointMetadata } from './io/checkpoint.js';
export { fileSystemHandler } from './io/fs-handler.js';
export { train, type TrainHooks, type TrainProgress } from './trainer.js';
export { planSteps, learningRateAt } from './schedule.js';
export { makeAdam, trainingLoss, fusedAdamAvailable, type ScheduledAdam } from './step-ops.js';
export type { TrainRequest, TrainResult, BackendName } from './types.js';
export { TrainerPool, defaultPoolSize, isNativeBackend, type PoolOptions, type RunOptions } from './pool.js';
export type { Simulation } from './worker-protocol.js';
