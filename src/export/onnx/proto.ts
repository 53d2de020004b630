/**
 * The ONNX protobuf schema: the official onnx.proto (vendored in schema/onnx/, ONNX 1.12,
 * Apache-2.0) parsed by protobufjs, field names kept as the schema spells them (`op_type`,
 * `raw_data`). `encodeModel` checks a plain ModelProto object against the schema and encodes it.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { SpinError } from '../../errors.js';

/** IR version of the vendored schema (onnx.proto's IR_VERSION). */
export const ONNX_IR_VERSION = 8;
/** The default-domain operator set the exports use: 17, the newest ONNX 1.12 (Debian's python3-onnx) validates. */
export const ONNX_OPSET = 17;

// From dist/src/export/onnx/ (and src/export/onnx/) to the package's schema folder (published with it).
const SCHEMA = new URL('../../../../schema/onnx/onnx.proto', import.meta.url);
const SCHEMA_FROM_SRC = new URL('../../../schema/onnx/onnx.proto', import.meta.url);

let modelType: protobuf.Type | undefined;

function schemaText(): string {
  for (const url of [SCHEMA, SCHEMA_FROM_SRC]) {
    try {
      return readFileSync(url, 'utf8');
    } catch {
      // try the next location
    }
  }
  throw new SpinError(`the ONNX schema is missing (${SCHEMA.pathname}); reinstall spin-nas`);
}

function model(): protobuf.Type {
  modelType ??= protobuf.parse(schemaText(), { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** Encodes a ModelProto given as a plain object (schema field names). */
export function encodeModel(proto: Record<string, unknown>): Uint8Array {
  const type = model();
  const problem = type.verify(proto);
  if (problem !== null) throw new SpinError(`export: the ONNX model does not fit the schema (${problem}); please report it`);
  return type.encode(type.fromObject(proto)).finish();
}

/** Decodes an ONNX file's bytes to a plain object (schema field names; int64 as numbers): for tests and checks. */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = model();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false });
}
