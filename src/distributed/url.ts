/**
 * `--redis` URLs: redis:// or rediss:// (TLS), with an optional password that no message ever
 * shows (they print the masked URL). Pure: no connection is made here.
 */
import { UsageError } from '../errors.js';

export interface RedisTarget {
  url: string;
  /** The URL with its password replaced by ***, for messages. */
  shown: string;
}

export function redisTarget(url: string, flag = '--redis'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: a malformed URL may still hold a password.
    throw new UsageError(`option ${flag}: the value is not a URL (not shown, it may hold a password); use one such as redis://:password@10.0.0.5:6379 or rediss://host:6380`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`option ${flag}: got protocol ${JSON.stringify(parsed.protocol)}; use redis:// or rediss:// (TLS)`);
  }
  return { url, shown: maskUrl(url) };
}

/** The URL with any password replaced by ***. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return `${scheme}${colon === -1 ? '***' : `${auth.slice(0, colon)}:***`}@`;
  });
}

/** Removes a password from an error message (ioredis messages may quote the URL). */
export function maskText(text: string, target: RedisTarget): string {
  return target.url === target.shown ? text : text.split(target.url).join(target.shown);
}

