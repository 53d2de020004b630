/**
 * Checkpoint folders through Redis, for machines that share no file system: a folder becomes
 * one Redis hash (relative file name -> bytes) and back. A size limit keeps a huge checkpoint
 * from filling Redis: over it, the transfer fails with a message naming the size, the limit
 * and the flag that raises it.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Redis } from 'ioredis';
import { TrialError } from '../errors.js';

/** Default limit of one checkpoint moved through Redis (ConvMixer/ViT checkpoints here are a few MiB). */
export const DEFAULT_MAX_WEIGHTS_MB = 256;
/** Weights left behind by a crash expire: a week is longer than any run pause we expect. */
const WEIGHTS_TTL_S = 7 * 24 * 3600;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Stores the folder `dir` under `key`; returns its size in bytes. */
export async function uploadWeights(client: Redis, key: string, dir: string, maxBytes: number, what: string): Promise<number> {
  let files: string[];
  try {
    files = await filesUnder(dir);
  } catch (error) {
    throw new TrialError(`${what}: checkpoint folder ${dir} cannot be read (${(error as Error).message})`);
  }
  let total = 0;
  for (const file of files) total += (await stat(file)).size;
  if (total > maxBytes) {
    throw new TrialError(
      `${what}: checkpoint ${dir} is ${mib(total)} MiB, over the ${mib(maxBytes)} MiB limit for weights moved through Redis; ` +
        'raise it with `spin-nas search --max-weights-mb` or run with --keep-weights none',
    );
  }
  const fields: Record<string, Buffer> = {};
  for (const file of files) fields[relative(dir, file)] = await readFile(file);
  const multi = client.multi().del(key);
  if (files.length > 0) multi.hset(key, fields);
  else multi.hset(key, '', Buffer.alloc(0));
  await multi.expire(key, WEIGHTS_TTL_S).exec();
  return total;
}

/** Writes the weights stored under `key` into `dir`; false when Redis has none. */
export async function downloadWeights(client: Redis, key: string, dir: string): Promise<boolean> {
  const fields = await client.hgetallBuffer(key);
  const names = Object.keys(fields);
  if (names.length === 0) return false;
  await mkdir(dir, { recursive: true });
  for (const name of names) {
    if (name === '') continue;
    // Names come from another machine: never write outside `dir`.
    const target = join(dir, name);
    if (relative(dir, target).startsWith('..')) throw new TrialError(`weights under ${key} name a file outside their folder: ${name}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, fields[name]!);
  }
  return true;
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
