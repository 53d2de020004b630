/**
 * Builds an ONNX graph as plain objects in onnx.proto's field names: one helper per concept
 * (a convolution, a linear layer, GELU, a norm), each adding named nodes. Weights come from a
 * portable model; an initializer is added the first time a node uses it, so a weight set
 * shared by several blocks is one initializer that every block's node names. Constants are
 * Constant nodes, never initializers: the initializers are exactly the model's tensors. Pure.
 */
import { SpinError } from '../../errors.js';
import { sizeOf, transpose, type Float32Tensor } from '../portable.js';

/** onnx.proto's TensorProto.DataType.FLOAT and AttributeProto.AttributeType values used here. */
const FLOAT = 1;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export type Attribute = { name: string; type: number; f?: number; i?: number; ints?: number[] };
export type NodeObject = { name: string; op_type: string; input: string[]; output: string[]; attribute: Attribute[] };
export type TensorObject = { name: string; dims: number[]; data_type: number; raw_data: Uint8Array };

/** Attributes by name: a number with a fractional part or `{ float }` is a FLOAT, an integer an INT, an array INTS. */
type Attrs = Record<string, number | number[] | { float: number }>;

function attribute(name: string, value: Attrs[string]): Attribute {
  if (Array.isArray(value)) return { name, type: ATTR.INTS, ints: value };
  if (typeof value === 'object') return { name, type: ATTR.FLOAT, f: value.float };
  return Number.isInteger(value) ? { name, type: ATTR.INT, i: value } : { name, type: ATTR.FLOAT, f: value };
}

/** Little-endian float32 bytes (ONNX raw_data is little-endian whatever the machine). */
function rawFloats(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}

export class GraphBuilder {
  readonly nodes: NodeObject[] = [];
  readonly initializers: TensorObject[] = [];
  readonly #used = new Set<string>();
  readonly #constants = new Map<string, string>();
  #count = 0;

  constructor(private readonly tensors: ReadonlyMap<string, Float32Tensor>) {}

  /** The initializer of a model tensor (added once), optionally stored transposed (ONNX MatMul wants [in, out]). */
  weight(name: string, perm?: number[]): string {
    if (this.#used.has(name)) return name;
    const t = this.tensors.get(name);
    if (t === undefined) throw new SpinError(`export: no tensor ${name} in the model; please report it`);
    const stored = perm === undefined ? t : transpose(t, perm);
    this.initializers.push({ name, dims: stored.shape, data_type: FLOAT, raw_data: rawFloats(stored.data) });
    this.#used.add(name);
    return name;
  }

  /** Adds a node; returns its (first) output's name, `output` or a fresh one from the node name. */
  node(opType: string, inputs: string[], name: string, attrs: Attrs = {}, output?: string): string {
    const out = output ?? `${name}:${this.#count++}`;
    this.nodes.push({
      name,
      op_type: opType,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /** A float scalar constant (one Constant node per value). */
  scalar(value: number): string {
    return this.#constant(`f${value}`, () => this.node('Constant', [], `const_${this.#constants.size}`, { value_float: { float: value } }));
  }

  /** An int64 vector constant (shapes for Reshape). */
  ints(values: number[]): string {
    return this.#constant(`i${values.join(',')}`, () => this.node('Constant', [], `const_${this.#constants.size}`, { value_ints: values }));
  }

  #constant(key: string, make: () => string): string {
    let name = this.#constants.get(key);
    if (name === undefined) {
      name = make();
      this.#constants.set(key, name);
    }
    return name;
  }

  /** Conv with the module's weight [out, in/group, kh, kw] and bias. */
  conv(x: string, module: string, name: string, options: { stride?: number; pads?: number[]; group?: number } = {}): string {
    const w = this.tensors.get(`${module}.weight`);
    const kernel = w === undefined ? [1, 1] : w.shape.slice(2);
    const stride = options.stride ?? 1;
    return this.node('Conv', [x, this.weight(`${module}.weight`), this.weight(`${module}.bias`)], name, {
      kernel_shape: kernel,
      strides: [stride, stride],
      pads: options.pads ?? [0, 0, 0, 0],
      group: options.group ?? 1,
      dilations: [1, 1],
    });
  }

  /** x . W^T + b over the last axis (MatMul + Add); the weight is stored [in, out]. */
  linear(x: string, module: string, name: string, output?: string): string {
    const product = this.node('MatMul', [x, this.weight(`${module}.weight`, [1, 0])], `${name}.matmul`);
    return this.node('Add', [product, this.weight(`${module}.bias`)], `${name}.bias`, {}, output);
  }

  /** GELU in the exact form the trainer uses: x * 0.5 * (1 + erf(x / sqrt(2))). */
  gelu(x: string, name: string): string {
    const scaled = this.node('Mul', [x, this.scalar(Math.SQRT1_2)], `${name}.scale`);
    const erf = this.node('Erf', [scaled], `${name}.erf`);
    const onePlus = this.node('Add', [erf, this.scalar(1)], `${name}.add_one`);
    const gated = this.node('Mul', [x, onePlus], `${name}.mul_x`);
    return this.node('Mul', [gated, this.scalar(0.5)], `${name}.half`);
  }

  /** BatchNormalization in inference form (running statistics). */
  batchNorm(x: string, module: string, epsilon: number): string {
    const inputs = ['weight', 'bias', 'running_mean', 'running_var'].map((w) => this.weight(`${module}.${w}`));
    return this.node('BatchNormalization', [x, ...inputs], module, { epsilon: { float: epsilon } });
  }

  /** LayerNormalization over the last axis. */
  layerNorm(x: string, module: string, epsilon: number): string {
    return this.node('LayerNormalization', [x, this.weight(`${module}.weight`), this.weight(`${module}.bias`)], module, {
      axis: -1,
      epsilon: { float: epsilon },
    });
  }

  /** Elements of every initializer that is a parameter (BatchNorm running statistics excluded). */
  parameterCount(): number {
    return this.initializers.filter((t) => !/\.running_(mean|var)$/.test(t.name)).reduce((s, t) => s + sizeOf(t.dims), 0);
  }
}
