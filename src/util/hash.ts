/**
 * The project's hashes: a short content hash for identities (architectures) and FNV-1a for
 * cheap, stable numbers derived from text (seeds, synthetic scores). Neither is for security.
 */
import { createHash } from 'node:crypto';

/** First 12 hex digits of the SHA-1 of a text: stable identity of what the text describes. */
export function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 12);
}

/** 32-bit FNV-1a of a text's UTF-16 code units, as an unsigned integer. */
export function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
