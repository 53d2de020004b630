/**
 * NumPy arrays: the .npy format (magic, version, a Python-dict header giving descr,
 * fortran_order and shape, then the raw little-endian elements) and .npz archives (a zip of
 * .npy files, read with fflate). Pure: bytes in, typed arrays out; every problem names the
 * file and what to do in Python to fix it.
 */
import { unzipSync } from 'fflate';
import { dataError } from './problem.js';

export type NpyDtype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'float32' | 'float64' | 'bool';

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /** The elements as numbers (int64 converted; values beyond 2^53 are refused). */
  data: Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | number[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Record<string, { dtype: NpyDtype; bytes: number }> = {
  '|u1': { dtype: 'uint8', bytes: 1 },
  '<u1': { dtype: 'uint8', bytes: 1 },
  '|i1': { dtype: 'int8', bytes: 1 },
  '<i1': { dtype: 'int8', bytes: 1 },
  '|b1': { dtype: 'bool', bytes: 1 },
  '<i2': { dtype: 'int16', bytes: 2 },
  '<u2': { dtype: 'uint16', bytes: 2 },
  '<i4': { dtype: 'int32', bytes: 4 },
  '<u4': { dtype: 'uint32', bytes: 4 },
  '<i8': { dtype: 'int64', bytes: 8 },
  '<f4': { dtype: 'float32', bytes: 4 },
  '<f8': { dtype: 'float64', bytes: 8 },
};

/** Parses one .npy file's bytes; `file` names it in errors (for an npz member: archive.npz:x_train). */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const fix = 'save it with numpy.save (or numpy.savez for .npz)';
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw dataError(file, 'is not a NumPy .npy array (no \\x93NUMPY magic)', fix);
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw dataError(file, 'has a truncated .npy header', fix);
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw dataError(file, `has a .npy header spin-nas cannot read (${header.trim()})`, fix);
  const type = DESCR[descr];
  if (type === undefined) {
    throw dataError(file, `has dtype ${descr}, which spin-nas does not read`, 'store images as uint8 (0-255) or float32 (0-1) and labels as integers (e.g. x.astype(numpy.uint8), y.astype(numpy.int64)), little-endian');
  }
  if (fortran === 'True') throw dataError(file, 'is stored in Fortran order', 'save numpy.ascontiguousarray(x) instead');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw dataError(file, `has shape (${shapeText}), not a list of sizes`, fix);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  const expected = count * type.bytes;
  if (bytes.length - start !== expected) {
    throw dataError(file, `holds ${bytes.length - start} bytes of data, but shape (${shape.join(', ')}) of ${type.dtype} needs ${expected}`, 'the file is truncated or corrupt: save it again');
  }
  // Copied (a Buffer's slice would share its pool) so the elements are aligned for the typed array.
  const raw = new Uint8Array(bytes.subarray(start, start + expected)).buffer;
  return { dtype: type.dtype, shape, data: typedArray(type.dtype, raw, count, file) };
}

function typedArray(dtype: NpyDtype, raw: ArrayBuffer, count: number, file: string): NpyArray['data'] {
  switch (dtype) {
    case 'uint8':
    case 'bool':
      return new Uint8Array(raw);
    case 'int8':
      return new Int8Array(raw);
    case 'int16':
      return new Int16Array(raw);
    case 'uint16':
      return new Uint16Array(raw);
    case 'int32':
      return new Int32Array(raw);
    case 'uint32':
      return new Uint32Array(raw);
    case 'float32':
      return new Float32Array(raw);
    case 'float64':
      return new Float64Array(raw);
    case 'int64': {
      const view = new BigInt64Array(raw);
      const out = new Array<number>(count);
      for (let i = 0; i < count; i++) {
        const v = view[i]!;
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw dataError(file, `element ${i} is ${v}, too large`, 'labels are class indices 0 .. classes - 1');
        out[i] = Number(v);
      }
      return out;
    }
  }
}

/** The arrays of an .npz archive, by name (without the .npy suffix). */
export function parseNpz(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw dataError(file, `is not a readable .npz (zip) archive (${(error as Error).message})`, 'save it with numpy.savez or numpy.savez_compressed');
  }
  const arrays = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) if (name.endsWith('.npy')) arrays.set(name.slice(0, -4), data);
  return arrays;
}
