/**
 * Redis connections from a `--redis` URL: redis:// or rediss:// (TLS), with an optional
 * password, which is never printed (every message shows the masked URL). Connections retry
 * for ever with a capped back-off, so a Redis restart only pauses the search and workers.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { UsageError } from '../errors.js';
import { maskText, type RedisTarget } from './url.js';

export { maskText, maskUrl, redisTarget, type RedisTarget } from './url.js';

/** A new connection (BullMQ needs maxRetriesPerRequest: null for its blocking commands). */
export function connect(target: RedisTarget, onProblem?: (message: string) => void): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: false,
  };
  const client = new Redis(target.url, options);
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    onProblem?.(`Redis at ${target.shown} unreachable (${maskText(error.message, target)}); retrying`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    onProblem?.(`Redis at ${target.shown} reachable again`);
  });
  return client;
}

/** Fails with a clear message when Redis does not answer within `timeoutMs`. */
export async function checkReachable(client: Redis, target: RedisTarget, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  const remember = (error: Error): void => {
    last = error.message;
  };
  client.on('error', remember);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s${last ? ` (${last})` : ''}`)), timeoutMs);
  });
  try {
    await Promise.race([client.ping(), timeout]);
  } catch (error) {
    client.disconnect();
    throw new UsageError(
      `option --redis: cannot use Redis at ${target.shown}: ${maskText((error as Error).message, target)}; ` +
        'start redis-server there (see README "Run on several machines") or fix the URL and password',
    );
  } finally {
    clearTimeout(timer);
    client.off('error', remember);
  }
}
