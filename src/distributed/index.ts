/** Distributed training through BullMQ on Redis: the search-side executor and the worker. */
export { RedisExecutor, type RedisExecutorOptions } from './executor.js';
export { runWorker, type WorkerOptions } from './worker.js';
export { STALL_DEFAULTS } from './stall.js';
export { maskUrl, redisTarget } from './connection.js';
export { runIdOf } from './names.js';
export { DEFAULT_MAX_WEIGHTS_MB } from './weights.js';
