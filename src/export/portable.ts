/**
 * A trained model in the one convention both portable formats use: PyTorch state-dict names
 * and PyTorch layouts (conv weights [out, in/groups, kh, kw], dense weights [out, in]), with
 * every weight set of a shared component held ONCE (`pointwise.0.weight`) and each block
 * knowing which set it uses. ONNX initializers carry the same names. Pure: it maps the
 * TensorFlow.js weights (`layer/weight`, TF.js layouts) read at the edge.
 *
 * The training form (`--training-form`) of a weight-fusion model keeps each shared set's
 * unshared members and reduction weights (`pointwise.0.members.1.weight`, `pointwise.0.mix`),
 * as the trainer holds them; without fusion the training form is the deployed one.
 */
import { componentAssignment } from '../arch/sharing.js';
import type { ArchSpec } from '../arch/types.js';
import { SpinError } from '../errors.js';
import { FAMILY_COMPONENTS } from '../space/family.js';
import type { Component } from '../space/types.js';
import { weightSets } from '../train/model/groups.js';
import type { PairMode } from '../train/model/params.js';

export interface Float32Tensor {
  shape: number[];
  data: Float32Array;
}

/** TensorFlow.js weights by `layerName/weightName` (e.g. `stem_bn/moving_mean`), in TF.js layouts. */
export type TfWeights = ReadonlyMap<string, Float32Tensor>;

export type ExportForm = 'deployed' | 'training';

/** How one weight set of a component is held: plainly, or as `members` fused copies reduced by `mode`. */
export interface SetHolding {
  mode: PairMode;
  members: number;
}

export interface PortableModel {
  arch: ArchSpec;
  form: ExportForm;
  /** State-dict name -> tensor, PyTorch layout, in module order. */
  tensors: Map<string, Float32Tensor>;
  /** Per component: block index -> position of its weight set in the component's module list. */
  sets: Partial<Record<Component, number[]>>;
  /** Per component: how each set (by position) is held; all plain in the deployed form. */
  holding: Partial<Record<Component, SetHolding[]>>;
}

type Layout = 'conv' | 'depthwise' | 'pointwise' | 'dense';

/** The kernel/bias pairs of each component: TF.js name prefix = PyTorch submodule name. */
const PAIRS: Record<Component, { pair: string; layout: Layout }[]> = {
  depthwise: [{ pair: '', layout: 'depthwise' }],
  pointwise: [{ pair: '', layout: 'pointwise' }],
  attention: ['q', 'k', 'v', 'o'].map((pair) => ({ pair, layout: 'dense' as const })),
  mlp: ['fc1', 'fc2'].map((pair) => ({ pair, layout: 'dense' as const })),
};

export function componentPairs(component: Component): readonly string[] {
  return PAIRS[component].map((p) => p.pair);
}

/** Elements of a tensor. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** True for BatchNorm running statistics: stored, but not parameters. */
export function isRunningStat(name: string): boolean {
  return /\.running_(mean|var)$/.test(name);
}

/** Trainable parameters held: every tensor but the running statistics (shared sets once). */
export function parameterCount(tensors: ReadonlyMap<string, Float32Tensor>): number {
  let total = 0;
  for (const [name, t] of tensors) if (!isRunningStat(name)) total += sizeOf(t.shape);
  return total;
}

/** Permutes the axes of a row-major tensor: out axis i is in axis perm[i]. */
export function transpose(t: Float32Tensor, perm: readonly number[]): Float32Tensor {
  const rank = t.shape.length;
  const shape = perm.map((p) => t.shape[p]!);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = inStrides[i + 1]! * t.shape[i + 1]!;
  const strides = perm.map((p) => inStrides[p]!);
  const data = new Float32Array(t.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i]! * strides[i]!;
    data[o] = t.data[src]!;
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i]! < shape[i]!) break;
      index[i] = 0;
    }
  }
  return { shape, data };
}

/** A TF.js kernel in the PyTorch layout. */
function kernelToTorch(t: Float32Tensor, layout: Layout): Float32Tensor {
  switch (layout) {
    case 'conv': // [kh, kw, in, out] -> [out, in, kh, kw]
      return transpose(t, [3, 2, 0, 1]);
    case 'depthwise': // [k, k, C, 1] -> [C, 1, k, k]
      return transpose(t, [2, 3, 0, 1]);
    case 'pointwise': { // [in, out] -> [out, in, 1, 1]
      const m = transpose(t, [1, 0]);
      return { shape: [...m.shape, 1, 1], data: m.data };
    }
    case 'dense': // [in, out] -> [out, in]
      return transpose(t, [1, 0]);
  }
}

class Reader {
  constructor(private readonly weights: TfWeights) {}
  get(name: string): Float32Tensor {
    const t = this.weights.get(name);
    if (t === undefined) throw new SpinError(`export: the trained model has no weight ${name}; please report it`);
    return t;
  }
}

/**
 * Maps a model's TF.js weights to the portable convention. `weights` are a deployed model's
 * (plain sets) for the deployed form, the trained fused model's for the training form.
 */
export function toPortable(arch: ArchSpec, weights: TfWeights, form: ExportForm): PortableModel {
  const r = new Reader(weights);
  const tensors = new Map<string, Float32Tensor>();
  const put = (name: string, t: Float32Tensor): void => void tensors.set(name, t);
  const conv = (tf: string, torch: string): void => {
    put(`${torch}.weight`, kernelToTorch(r.get(`${tf}/kernel`), 'conv'));
    put(`${torch}.bias`, r.get(`${tf}/bias`));
  };
  const batchNorm = (tf: string, torch: string): void => {
    put(`${torch}.weight`, r.get(`${tf}/gamma`));
    put(`${torch}.bias`, r.get(`${tf}/beta`));
    put(`${torch}.running_mean`, r.get(`${tf}/moving_mean`));
    put(`${torch}.running_var`, r.get(`${tf}/moving_variance`));
  };
  const layerNorm = (tf: string, torch: string): void => {
    put(`${torch}.weight`, r.get(`${tf}/gamma`));
    put(`${torch}.bias`, r.get(`${tf}/beta`));
  };
  const sets: PortableModel['sets'] = {};
  const holding: PortableModel['holding'] = {};
  const components = (): void => {
    for (const component of FAMILY_COMPONENTS[arch.family]) {
      const mapped = componentWeights(arch, component, r, form);
      for (const [name, t] of mapped.tensors) put(name, t);
      sets[component] = mapped.positions;
      holding[component] = mapped.holding;
    }
  };
  if (arch.family === 'convmixer') {
    conv('stem', 'stem');
    batchNorm('stem_bn', 'stem_bn');
    components();
    for (let i = 0; i < arch.depth; i++) batchNorm(`depthwise_bn_${i}`, `depthwise_bn.${i}`);
    for (let i = 0; i < arch.depth; i++) batchNorm(`pointwise_bn_${i}`, `pointwise_bn.${i}`);
  } else {
    conv('patch', 'patch');
    put('position', r.get('position/embedding'));
    components();
    for (let i = 0; i < arch.depth; i++) layerNorm(`attention_ln_${i}`, `attention_ln.${i}`);
    for (let i = 0; i < arch.depth; i++) layerNorm(`mlp_ln_${i}`, `mlp_ln.${i}`);
    layerNorm('final_ln', 'final_ln');
  }
  put('head.weight', kernelToTorch(r.get('head/kernel'), 'dense'));
  put('head.bias', r.get('head/bias'));
  return { arch, form, tensors, sets, holding };
}

/** One component's weight sets, in set order (module-list positions), with each block's position. */
function componentWeights(
  arch: ArchSpec, component: Component, r: Reader, form: ExportForm,
): { tensors: [string, Float32Tensor][]; positions: number[]; holding: SetHolding[] } {
  const all = weightSets(arch, component);
  const positionOf = new Map(all.map((set, pos) => [set.index, pos]));
  const positions = componentAssignment(arch, component).map((s) => positionOf.get(s)!);
  const tensors: [string, Float32Tensor][] = [];
  const holding: SetHolding[] = [];
  all.forEach((set, pos) => {
    const layer = `${component}_s${set.index}`;
    const base = `${component}.${pos}`;
    const tfName = (pair: string, what: 'kernel' | 'bias' | 'mix', member?: number): string =>
      `${layer}/${pair === '' ? what : `${pair}_${what}`}${member === undefined ? '' : `_m${member}`}`;
    const torchName = (pair: string, what: string): string => (pair === '' ? what : `${pair}.${what}`);
    // The deployed model of a fusion trial holds plain sets (exportDeployed reduced them).
    if (form === 'deployed' || set.mode === 'none') {
      holding.push({ mode: 'none', members: 1 });
      for (const { pair, layout } of PAIRS[component]) {
        tensors.push([`${base}.${torchName(pair, 'weight')}`, kernelToTorch(r.get(tfName(pair, 'kernel')), layout)]);
        tensors.push([`${base}.${torchName(pair, 'bias')}`, r.get(tfName(pair, 'bias'))]);
      }
      return;
    }
    holding.push({ mode: set.mode, members: set.members });
    for (let j = 0; j < set.members; j++) {
      for (const { pair, layout } of PAIRS[component]) {
        tensors.push([`${base}.members.${j}.${torchName(pair, 'weight')}`, kernelToTorch(r.get(tfName(pair, 'kernel', j)), layout)]);
        tensors.push([`${base}.members.${j}.${torchName(pair, 'bias')}`, r.get(tfName(pair, 'bias', j))]);
      }
    }
    if (set.mode === 'scalar_weighted_mean') tensors.push([`${base}.mix`, r.get(`${layer}/mix`)]);
    if (set.mode === 'channel_weighted_mean') {
      for (const { pair } of PAIRS[component]) tensors.push([`${base}.${mixName(pair)}`, r.get(tfName(pair, 'mix'))]);
    }
  });
  return { tensors, positions, holding };
}

/** The PyTorch name of a channel-weighted reduction's weights for one pair (the generated model.py agrees). */
export function mixName(pair: string): string {
  return pair === '' ? 'mix' : `mix_${pair}`;
}
