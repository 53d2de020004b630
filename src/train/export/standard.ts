/**
 * The deployed model rebuilt from standard TensorFlow.js layers only, so that a plain
 * `tf.loadLayersModel` loads it without importing spin-nas. A shared weight set is ONE
 * standard layer applied at every block of its group (the layers format stores a shared
 * layer once, with one inbound node per use), so the file holds exactly the deployed
 * parameters. ConvMixer maps one to one: the depthwise component is a `depthwiseConv2d`
 * ('same', bias, GELU), the pointwise one a 1x1 `conv2d` (bias, GELU); TensorFlow.js's
 * 'gelu' activation is the exact erf form the trainer uses. ViT needs multi-head
 * attention, which TensorFlow.js has no standard layer for: it keeps the custom classes.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../arch/types.js';
import { SpinError } from '../../errors.js';
import type { Component } from '../../space/types.js';
import { batchNorm, convMixerBlocks, countTrainable, type TrainableModel } from '../model/build.js';
import { componentAssignment } from '../../arch/sharing.js';
import { componentLayerName, weightSets } from '../model/groups.js';

/** The custom layer classes a model still needs at load time (empty for a standard model). */
export function customLayerClasses(model: tf.LayersModel): string[] {
  const standard = new Set(Object.keys(tf.serialization.SerializationMap.getMap().classNameMap));
  const custom = new Set<string>();
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name.startsWith('Spin') || !standard.has(name)) custom.add(name);
  }
  return [...custom].sort();
}

/** True when `arch` can be expressed with standard TensorFlow.js layers. */
export function hasStandardForm(arch: ArchSpec): boolean {
  return arch.family === 'convmixer';
}

/**
 * Rebuilds a deployed (not fused) model with standard layers and copies its weights in.
 * Returns null when the family has no standard form (ViT). The source is left untouched.
 */
export function toStandardModel(deployed: TrainableModel): TrainableModel | null {
  if (deployed.fused) throw new SpinError('toStandardModel: reduce the fused model first (exportDeployed)');
  if (!hasStandardForm(deployed.arch)) return null;
  const model = standardConvMixer(deployed.arch);
  try {
    copyWeights(deployed, model);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { arch: deployed.arch, model, trainableParams: countTrainable(model), fused: false };
}

/** One standard layer per weight set; returns block index -> layer. */
function sharedLayers(arch: ArchSpec, component: Component, make: (name: string) => tf.layers.Layer): tf.layers.Layer[] {
  const bySet = new Map<number, tf.layers.Layer>();
  for (const set of weightSets(arch, component)) bySet.set(set.index, make(componentLayerName(component, set.index)));
  return componentAssignment(arch, component).map((s) => bySet.get(s)!);
}

function standardConvMixer(arch: ArchSpec): tf.LayersModel {
  const [h, w, cin] = arch.inputShape;
  const { width: c, patch: p } = arch;
  const input = tf.input({ shape: [h, w, cin], name: 'image' });
  let x = tf.layers.conv2d({ filters: c, kernelSize: p, strides: p, padding: 'valid', activation: 'gelu', name: 'stem' })
    .apply(input) as tf.SymbolicTensor;
  x = batchNorm('stem_bn').apply(x) as tf.SymbolicTensor;
  const depthwise = sharedLayers(arch, 'depthwise', (name) =>
    tf.layers.depthwiseConv2d({ kernelSize: arch.kernel!, depthMultiplier: 1, padding: 'same', useBias: true, activation: 'gelu', name }));
  const pointwise = sharedLayers(arch, 'pointwise', (name) =>
    tf.layers.conv2d({ filters: c, kernelSize: 1, padding: 'valid', useBias: true, activation: 'gelu', name }));
  const pooled = convMixerBlocks(arch, x, depthwise, pointwise);
  const logits = tf.layers.dense({ units: arch.classes, name: 'head' }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'convmixer' });
}

/** Copies every weight by layer name; the pointwise [C, C] kernel becomes a 1x1 conv kernel. */
function copyWeights(source: TrainableModel, target: tf.LayersModel): void {
  for (const layer of target.layers) {
    if (layer.weights.length === 0) continue;
    let values: tf.Tensor[];
    try {
      values = source.model.getLayer(layer.name).getWeights();
    } catch (error) {
      throw new SpinError(`export: the trained model has no layer ${layer.name} (${(error as Error).message})`, { cause: error });
    }
    const shaped = tf.tidy(() =>
      values.map((v, i) => {
        const want = layer.weights[i]!.shape as number[];
        return v.size === want.reduce((a, b) => a * b, 1) ? tf.reshape(v, want) : v;
      }),
    );
    layer.setWeights(shaped);
    shaped.forEach((t, i) => {
      if (t !== values[i]) t.dispose();
    });
  }
}
