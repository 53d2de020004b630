/**
 * NumPy's .npz format (a zip of .npy files, stored uncompressed), which `numpy.load` reads
 * with no spin-nas code: the PyTorch export's weights. Float32 arrays little-endian ('<f4'),
 * int64 scalars ('<i8', BatchNorm's num_batches_tracked). Pure: returns the file's bytes.
 */

export type NpyArray = { shape: number[]; data: Float32Array } | { shape: []; int64: bigint };

/** One .npy file (format 1.0): magic, header dict padded to a multiple of 64 bytes, data. */
export function npy(array: NpyArray): Uint8Array {
  const isInt = 'int64' in array;
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${isInt ? '<i8' : '<f4'}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const body = isInt ? 8 : array.data.length * 4;
  const out = new Uint8Array(10 + header.length + body);
  const view = new DataView(out.buffer);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  view.setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  const start = 10 + header.length;
  if (isInt) view.setBigInt64(start, array.int64, true);
  else array.data.forEach((v, i) => view.setFloat32(start + 4 * i, v, true));
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of stored (uncompressed) entries, as Python's zipfile reads it. */
export function storedZip(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed: 2.0
    local.setUint16(8, 0, true); // stored
    local.setUint16(12, 0x21, true); // date: 1980-01-01 (fixed, so exports are reproducible)
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, fileName.length, true);
    parts.push(new Uint8Array(local.buffer), fileName, data);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(14, 0x21, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, data.length, true);
    entry.setUint16(28, fileName.length, true);
    entry.setUint32(42, offset, true);
    central.push(new Uint8Array(entry.buffer), fileName);
    offset += 30 + fileName.length + data.length;
  }
  const centralSize = central.reduce((s, p) => s + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

/** An .npz of named arrays (`numpy.load(path)[name]`). */
export function npz(arrays: [string, NpyArray][]): Uint8Array {
  return storedZip(arrays.map(([name, array]) => ({ name: `${name}.npy`, data: npy(array) })));
}
