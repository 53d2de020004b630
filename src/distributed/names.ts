/**
 * Names in Redis. Every run gets its own BullMQ queue (so two searches sharing one Redis and
 * the same workers never see each other's results); job ids derive from the run and the
 * trial, so adding a trial twice finds the job already there instead of queueing it again.
 */
import { createHash } from 'node:crypto';

/** BullMQ key prefix of every spin-nas queue. */
export const PREFIX = 'spin-nas';
/** Hash of run id -> manifest (JSON): the runs workers may serve. */
export const RUNS_KEY = `${PREFIX}:runs`;

/** A run's identity: its name and a digest of its creation time (names repeat across machines). */
export function runIdOf(name: string, createdAt: string): string {
  const digest = createHash('sha256').update(`${name}\n${createdAt}`).digest('hex').slice(0, 10);
  return `${safe(name)}-${digest}`;
}

export function queueName(runId: string): string {
  return `run.${runId}`;
}

/**
 * BullMQ job ids may not contain ':' and may not look like integers (those are its own
 * ids): keep word characters, '.' and '-', and start with the run id.
 */
export function jobIdOf(runId: string, trialId: string): string {
  return `${runId}.${safe(trialId)}`;
}

/** Weights moved through Redis: a hash of file name -> bytes, one per trial (or parent). */
export function weightsKey(runId: string, what: 'parent' | 'result', trialId: string): string {
  return `${PREFIX}:weights:${runId}:${what}:${safe(trialId)}`;
}

export function weightsPattern(runId: string): string {
  return `${PREFIX}:weights:${runId}:*`;
}

/** Hash of worker id -> why that worker does not serve the run (read by the search). */
export function refusalsKey(runId: string): string {
  return `${PREFIX}:refusals:${runId}`;
}

function safe(text: string): string {
  return text.replace(/[^\w.-]/g, '_');
}
