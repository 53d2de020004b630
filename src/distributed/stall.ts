/**
 * Stall detection defaults (BullMQ's lock / stalled-check mechanism). A job whose lock is not
 * renewed for `lockMs` (its worker died) goes back to the queue at the next check, run every
 * `stalledMs`, at most `maxStalled` times, then fails. Locks are renewed from the worker's
 * main thread, which training (in worker threads) leaves free, so 30 s is safe on a loaded
 * machine; a killed worker's trial restarts within 45 s, little next to trials of minutes.
 * Twice: a trial that kills its worker again (out of memory) fails instead of looping.
 */
export const STALL_DEFAULTS = { lockMs: 30_000, stalledMs: 15_000, maxStalled: 2 } as const;
