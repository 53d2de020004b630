/**
 * IDX reader (the MNIST family's format): magic 0x0000, element type, rank, big-endian
 * dimensions, then the raw elements. Reads `.gz` files directly.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { SpinError } from '../errors.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** Reads a file, gunzipping it when it starts with the gzip magic bytes. */
export function readMaybeGzip(file: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new SpinError(`${file}: cannot read the file (${(error as Error).message})`, { cause: error });
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (error) {
      throw new SpinError(
        `${file}: corrupt or truncated gzip data (${(error as Error).message}); download the file again`,
        { cause: error },
      );
    }
  }
  return raw;
}

/** Parses an IDX file of unsigned bytes; every inconsistency names the file and the problem. */
export function readIdx(file: string): IdxArray {
  const bytes = readMaybeGzip(file);
  const fail = (what: string): never => {
    throw new SpinError(`${file}: not a valid IDX file: ${what}`);
  };
  if (bytes.length < 4) fail(`only ${bytes.length} bytes, too short for the 4-byte header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`bad magic number 0x${bytes.subarray(0, 4).toString('hex')} (expected 0x0000 then type and rank)`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    fail(`element type 0x${bytes[2]!.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  }
  const rank = bytes[3]!;
  if (rank < 1 || rank > 4) fail(`rank ${rank} is not supported (1 to 4)`);
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) fail(`truncated header: ${bytes.length} bytes, ${headerSize} needed for rank ${rank}`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) {
    const size = bytes.readUInt32BE(4 + 4 * i);
    if (size === 0) fail(`dimension ${i} is 0`);
    dims.push(size);
  }
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerSize;
  if (actual < expected) {
    fail(`truncated data: dimensions ${dims.join('x')} need ${expected} bytes, found ${actual}`);
  }
  if (actual > expected) {
    fail(`${actual - expected} unexpected trailing bytes after ${dims.join('x')} elements`);
  }
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerSize, expected) };
}

/** Encodes unsigned bytes as IDX (used by tests and tools). */
export function encodeIdx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = UNSIGNED_BYTE;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}
