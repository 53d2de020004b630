/**
 * Builds ConvMixer and isotropic ViT models from an ArchSpec with the Layers API. Layer
 * names are stable (`stem`, `depthwise_s3`, `pointwise_bn_5`, ...): fusion and export
 * match weights by them. Initialisation is deterministic in the seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../arch/types.js';
import type { Component } from '../../space/types.js';
import { componentAssignment } from '../../arch/sharing.js';
import { canBiasGeluBatchNorm } from '../../backend/wasm/bias-gelu-bn.js';
import { spinBatchNorm } from './batchnorm.js';
import { spinLayerNorm } from './layernorm.js';
import { BiasGeluBatchNorm } from './bias-gelu-bn.js';
import { FAMILY_COMPONENTS } from '../../space/family.js';
import { componentLayerName, weightSets } from './groups.js';
import { PositionEmbedding, SpinAttention, SpinDepthwise, SpinMlp, SpinPointwise } from './layers.js';
import { validateArch } from './validate.js';
import type { Initializer } from './ops.js';

export interface TrainableModel {
  arch: ArchSpec;
  model: tf.LayersModel;
  /** Trainable parameter count (with fusion: all members plus reduction weights). */
  trainableParams: number;
  /** True while the model holds unshared members to reduce (weight-fusion training). */
  fused: boolean;
}

export interface BuildOptions {
  seed: number;
  /**
   * ConvMixer blocks as conv -> BiasGeluBatchNorm (bias, GELU and BatchNorm fused) instead
   * of conv + bias + GELU -> BatchNorm; same weights and names. Default: where the fused op
   * runs (wasm with the SIMD module, SPIN_WASM_FUSED_BN not off).
   */
  fusedBlocks?: boolean;
}

type Seeds = () => number;

function seedStream(seed: number): Seeds {
  let counter = 0;
  return () => ((Math.abs(Math.trunc(seed)) % 100_000) * 10_007 + 7_919 * ++counter) % 2_147_483_647;
}

function uniformInit(fanIn: number, seed: number): Initializer {
  const limit = 1 / Math.sqrt(fanIn);
  return tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed });
}

/** One layer object per weight set of a component; returns layer index -> layer. */
function componentLayers<L extends tf.layers.Layer>(
  arch: ArchSpec,
  component: Component,
  seeds: Seeds,
  make: (config: { name: string; members: number; mode: SpinPointwise['mode']; seed: number; memberLayers: number[]; deferBias: boolean }) => L,
  deferBias = false,
): L[] {
  const byIndex = new Map<number, L>();
  for (const set of weightSets(arch, component)) {
    byIndex.set(set.index, make({
      name: componentLayerName(component, set.index),
      members: set.members,
      mode: set.mode,
      seed: seeds(),
      memberLayers: set.layers,
      deferBias,
    }));
  }
  return componentAssignment(arch, component).map((s) => byIndex.get(s)!);
}

function head(arch: ArchSpec, x: tf.SymbolicTensor, seeds: Seeds): tf.SymbolicTensor {
  return tf.layers.dense({
    units: arch.classes,
    name: 'head',
    kernelInitializer: uniformInit(arch.width, seeds()),
    biasInitializer: 'zeros',
  }).apply(x) as tf.SymbolicTensor;
}

const BN = { momentum: 0.9, epsilon: 1e-5 };

/** Per-layer BatchNorm (never shared), as the trainer and the standard-layer export build it. */
export function batchNorm(name: string): tf.layers.Layer {
  return spinBatchNorm({ axis: -1, ...BN, name });
}

function convMixer(arch: ArchSpec, seeds: Seeds, fused: boolean): tf.LayersModel {
  const [h, w, cin] = arch.inputShape;
  const c = arch.width;
  const p = arch.patch;
  const input = tf.input({ shape: [h, w, cin], name: 'image' });
  let x = tf.layers.conv2d({
    filters: c, kernelSize: p, strides: p, padding: 'valid', activation: 'gelu', name: 'stem',
    kernelInitializer: uniformInit(p * p * cin, seeds()), biasInitializer: 'zeros',
  }).apply(input) as tf.SymbolicTensor;
  x = batchNorm('stem_bn').apply(x) as tf.SymbolicTensor;
  const depthwise = componentLayers(arch, 'depthwise', seeds, (cfg) => new SpinDepthwise({ ...cfg, kernelSize: arch.kernel! }), fused);
  const pointwise = componentLayers(arch, 'pointwise', seeds, (cfg) => new SpinPointwise(cfg), fused);
  const pooled = convMixerBlocks(arch, x, depthwise, pointwise, fused);
  return tf.model({ inputs: input, outputs: head(arch, pooled, seeds), name: 'convmixer' });
}

/**
 * The ConvMixer body after the stem: D blocks using the given per-layer depthwise and
 * pointwise layers (shared ones appear several times), then global average pooling. With
 * `fused`, the component layers defer their bias and each norm is a BiasGeluBatchNorm.
 */
export function convMixerBlocks(
  arch: ArchSpec, x: tf.SymbolicTensor, depthwise: tf.layers.Layer[], pointwise: tf.layers.Layer[], fused = false,
): tf.SymbolicTensor {
  const norm = (name: string): tf.layers.Layer => (fused ? new BiasGeluBatchNorm({ name, ...BN }) : batchNorm(name));
  for (let i = 0; i < arch.depth; i++) {
    const dw = norm(`depthwise_bn_${i}`).apply(depthwise[i]!.apply(x)) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `depthwise_res_${i}` }).apply([x, dw]) as tf.SymbolicTensor;
    const pw = norm(`pointwise_bn_${i}`).apply(pointwise[i]!.apply(x)) as tf.SymbolicTensor;
    x = arch.pointwiseResidual ? (tf.layers.add({ name: `pointwise_res_${i}` }).apply([x, pw]) as tf.SymbolicTensor) : pw;
  }
  return tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
}

function vit(arch: ArchSpec, seeds: Seeds): tf.LayersModel {
  const [h, w, cin] = arch.inputShape;
  const c = arch.width;
  const p = arch.patch;
  const tokens = (h / p) * (w / p);
  const input = tf.input({ shape: [h, w, cin], name: 'image' });
  // A stride-P convolution with a PxP kernel is the dense patch embedding (P^2 Cin -> C).
  let x = tf.layers.conv2d({
    filters: c, kernelSize: p, strides: p, padding: 'valid', name: 'patch',
    kernelInitializer: uniformInit(p * p * cin, seeds()), biasInitializer: 'zeros',
  }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [tokens, c], name: 'tokens' }).apply(x) as tf.SymbolicTensor;
  x = new PositionEmbedding({ name: 'position', seed: seeds() }).apply(x) as tf.SymbolicTensor;
  const attention = componentLayers(arch, 'attention', seeds, (cfg) => new SpinAttention({ ...cfg, heads: arch.heads! }));
  const hidden = Math.round(arch.mlpRatio! * c);
  const mlp = componentLayers(arch, 'mlp', seeds, (cfg) => new SpinMlp({ ...cfg, hidden }));
  const norm = (name: string): tf.layers.Layer => spinLayerNorm({ axis: -1, epsilon: 1e-6, name });
  for (let i = 0; i < arch.depth; i++) {
    const a = attention[i]!.apply(norm(`attention_ln_${i}`).apply(x)) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `attention_res_${i}` }).apply([x, a]) as tf.SymbolicTensor;
    const m = mlp[i]!.apply(norm(`mlp_ln_${i}`).apply(x)) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `mlp_res_${i}` }).apply([x, m]) as tf.SymbolicTensor;
  }
  x = norm('final_ln').apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head(arch, pooled, seeds), name: 'vit' });
}

export function countTrainable(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

/**
 * Builds the model of `arch` (outputs logits). Throws ArchitectureError for an
 * architecture that cannot be built, before creating any tensor.
 */
export function buildModel(arch: ArchSpec, options: BuildOptions): TrainableModel {
  validateArch(arch);
  const seeds = seedStream(options.seed);
  const fusedBlocks = options.fusedBlocks ?? canBiasGeluBatchNorm();
  const model = arch.family === 'convmixer' ? convMixer(arch, seeds, fusedBlocks) : vit(arch, seeds);
  const fused = FAMILY_COMPONENTS[arch.family].some((c) => weightSets(arch, c).some((set) => set.mode !== 'none'));
  return { arch, model, trainableParams: countTrainable(model), fused };
}
