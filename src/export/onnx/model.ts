/**
 * A deployed model as an ONNX ModelProto (plain object, onnx.proto field names): input
 * `input` float32 NCHW [batch, C, H, W], already normalised; output `logits` [batch, classes];
 * the batch dimension is dynamic. ConvMixer and ViT graphs follow the trainer's maths
 * (src/train/model/build.ts) op for op; each shared weight set is one initializer that every
 * block of its group uses. Pure.
 */
import type { ArchSpec } from '../../arch/types.js';
import { SpinError } from '../../errors.js';
import type { PortableModel } from '../portable.js';
import { GraphBuilder } from './builder.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from './proto.js';

/** What the metadata and doc string say about the model (besides its architecture). */
export interface ExportInfo {
  trial: string;
  run: string;
  /** Validation accuracy at the trial's budget (0..1), when known. */
  valAccuracy?: number;
  testAccuracy?: number;
  /** The per-channel statistics the model was trained with; absent when the run does not say (a dataset spin-nas does not know). */
  dataset: { name: string; stats?: { mean: number[]; std: number[] } };
  /** spin-nas's version. */
  producerVersion: string;
}

/** BatchNorm and LayerNorm epsilons of the trainer. */
export const BN_EPSILON = 1e-5;
export const LN_EPSILON = 1e-6;

/** TF.js 'same' padding for a stride-1 k x k kernel: [top, left, bottom, right]. */
export function samePads(k: number): number[] {
  const before = Math.floor((k - 1) / 2);
  const after = k - 1 - before;
  return [before, before, after, after];
}

function convMixerGraph(g: GraphBuilder, m: PortableModel): void {
  const { arch } = m;
  const dw = m.sets.depthwise!;
  const pw = m.sets.pointwise!;
  let x = g.conv('input', 'stem', 'stem', { stride: arch.patch });
  x = g.batchNorm(g.gelu(x, 'stem.gelu'), 'stem_bn', BN_EPSILON);
  for (let i = 0; i < arch.depth; i++) {
    let y = g.conv(x, `depthwise.${dw[i]}`, `block${i}.depthwise`, { pads: samePads(arch.kernel!), group: arch.width });
    y = g.batchNorm(g.gelu(y, `block${i}.depthwise.gelu`), `depthwise_bn.${i}`, BN_EPSILON);
    x = g.node('Add', [x, y], `block${i}.depthwise.residual`);
    y = g.conv(x, `pointwise.${pw[i]}`, `block${i}.pointwise`);
    y = g.batchNorm(g.gelu(y, `block${i}.pointwise.gelu`), `pointwise_bn.${i}`, BN_EPSILON);
    x = arch.pointwiseResidual ? g.node('Add', [x, y], `block${i}.pointwise.residual`) : y;
  }
  const pooled = g.node('GlobalAveragePool', [x], 'pool');
  g.linear(g.node('Flatten', [pooled], 'flatten', { axis: 1 }), 'head', 'head', 'logits');
}

function attention(g: GraphBuilder, x: string, module: string, name: string, arch: ArchSpec): string {
  const heads = arch.heads!;
  const dh = arch.width / heads;
  // [N, T, C] -> [N, heads, T, dh] (perm [0, 2, 1, 3]); keys as [N, heads, dh, T].
  const split = (y: string, what: string, perm: number[]): string =>
    g.node('Transpose', [g.node('Reshape', [y, g.ints([0, 0, heads, dh])], `${name}.${what}.split`)], `${name}.${what}.heads`, { perm });
  const q = split(g.linear(x, `${module}.q`, `${name}.q`), 'q', [0, 2, 1, 3]);
  const k = split(g.linear(x, `${module}.k`, `${name}.k`), 'k', [0, 2, 3, 1]);
  const v = split(g.linear(x, `${module}.v`, `${name}.v`), 'v', [0, 2, 1, 3]);
  const scores = g.node('Mul', [g.node('MatMul', [q, k], `${name}.scores`), g.scalar(1 / Math.sqrt(dh))], `${name}.scale`);
  const weights = g.node('Softmax', [scores], `${name}.softmax`, { axis: -1 });
  const mixed = g.node('Transpose', [g.node('MatMul', [weights, v], `${name}.mix`)], `${name}.merge`, { perm: [0, 2, 1, 3] });
  return g.linear(g.node('Reshape', [mixed, g.ints([0, 0, arch.width])], `${name}.concat`), `${module}.o`, `${name}.o`);
}

function vitGraph(g: GraphBuilder, m: PortableModel): void {
  const { arch } = m;
  const at = m.sets.attention!;
  const mlp = m.sets.mlp!;
  // Patches: [N, C, H/P, W/P] -> tokens [N, T, C] in row-major patch order, plus positions.
  const patches = g.conv('input', 'patch', 'patch', { stride: arch.patch });
  const flat = g.node('Reshape', [patches, g.ints([0, arch.width, -1])], 'tokens.flatten');
  let x = g.node('Transpose', [flat], 'tokens', { perm: [0, 2, 1] });
  x = g.node('Add', [x, g.weight('position')], 'position');
  for (let i = 0; i < arch.depth; i++) {
    const a = attention(g, g.layerNorm(x, `attention_ln.${i}`, LN_EPSILON), `attention.${at[i]}`, `block${i}.attention`, arch);
    x = g.node('Add', [x, a], `block${i}.attention.residual`);
    const h = g.linear(g.layerNorm(x, `mlp_ln.${i}`, LN_EPSILON), `mlp.${mlp[i]}.fc1`, `block${i}.mlp.fc1`);
    const y = g.linear(g.gelu(h, `block${i}.mlp.gelu`), `mlp.${mlp[i]}.fc2`, `block${i}.mlp.fc2`);
    x = g.node('Add', [x, y], `block${i}.mlp.residual`);
  }
  const pooled = g.node('ReduceMean', [g.layerNorm(x, 'final_ln', LN_EPSILON)], 'pool', { axes: [1], keepdims: 0 });
  g.linear(pooled, 'head', 'head', 'logits');
}

function tensorType(dims: (number | string)[]): Record<string, unknown> {
  return {
    tensor_type: {
      elem_type: 1,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) },
    },
  };
}

/** Metadata keys written into every export (also read by the tests and the folder README). */
export function exportMetadata(m: PortableModel, info: ExportInfo, parameters: number): Record<string, string> {
  const [h, w, c] = m.arch.inputShape;
  const { stats, name } = info.dataset;
  return {
    'spin-nas.trial': info.trial,
    'spin-nas.run': info.run,
    'spin-nas.architecture': m.arch.label,
    'spin-nas.sharing': JSON.stringify(m.sets),
    'spin-nas.parameters': String(parameters),
    ...(info.valAccuracy === undefined ? {} : { 'spin-nas.val_accuracy': String(info.valAccuracy) }),
    ...(info.testAccuracy === undefined ? {} : { 'spin-nas.test_accuracy': String(info.testAccuracy) }),
    'spin-nas.input_layout': `NCHW float32 [batch, ${c}, ${h}, ${w}]`,
    'spin-nas.normalisation': stats === undefined
      ? `x = (pixel / 255 - mean[c]) / std[c] per channel c with ${name}'s training statistics, which this export does not know: use the ones the run was trained with`
      : `x = (pixel / 255 - mean[c]) / std[c] per channel c, the statistics ${name} was trained with`,
    ...(stats === undefined ? {} : { 'spin-nas.mean': JSON.stringify(stats.mean), 'spin-nas.std': JSON.stringify(stats.std) }),
  };
}

/** The normalisation statistics in words. */
export function statsText(info: ExportInfo): string {
  const s = info.dataset.stats;
  return s === undefined
    ? `the training statistics of ${info.dataset.name} (not recorded in the run: use those the model was trained with)`
    : `mean ${JSON.stringify(s.mean)} and std ${JSON.stringify(s.std)}`;
}

/** The ONNX ModelProto of a deployed portable model, and its parameter count (shared sets once). */
export function onnxModel(m: PortableModel, info: ExportInfo): { proto: Record<string, unknown>; parameters: number } {
  if (m.form !== 'deployed') throw new SpinError('export: ONNX holds the deployed model only (reduce the fused sets first)');
  const g = new GraphBuilder(m.tensors);
  if (m.arch.family === 'convmixer') convMixerGraph(g, m);
  else vitGraph(g, m);
  const [h, w, c] = m.arch.inputShape;
  const parameters = g.parameterCount();
  const doc =
    `${m.arch.label}: trial ${info.trial} of spin-nas run ${info.run}. Input "input": float32 NCHW [batch, ${c}, ${h}, ${w}], ` +
    `normalised per channel with ${statsText(info)} ` +
    `(pixels scaled to [0, 1] first). Output "logits": [batch, ${m.arch.classes}]. ${parameters} parameters; ` +
    'each shared weight set is one initializer used by every block of its group.';
  const proto = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'spin-nas',
    producer_version: info.producerVersion,
    doc_string: doc,
    graph: {
      name: m.arch.family,
      node: g.nodes,
      initializer: g.initializers,
      input: [{ name: 'input', type: tensorType(['batch', c, h, w]) }],
      output: [{ name: 'logits', type: tensorType(['batch', m.arch.classes]) }],
    },
    metadata_props: Object.entries(exportMetadata(m, info, parameters)).map(([key, value]) => ({ key, value })),
  };
  return { proto, parameters };
}
