/**
 * The shareable components as custom layers. One layer object = one weight set; a shared
 * component is one such object applied at every layer of its group. With weight fusion the
 * object holds the group's unshared members and reduces them on the fly (see params.ts).
 * Registered for serialization so saved models load with tf.loadLayersModel.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedGelu } from '../../backend/wasm/gelu.js';
import { scaledSoftmax } from '../../backend/wasm/softmax.js';
import { denseLastAxis, gelu as composedGelu } from './ops.js';
import { ParamPair, type PairMode, type PairSpec, type WeightHandle } from './params.js';
import type { Initializer } from './ops.js';

export interface ComponentConfig {
  name: string;
  /** Number of unshared members held (fusion); 1 for a plain weight set. */
  members: number;
  mode: PairMode;
  seed: number;
  /** Network layers (block indices) that use this weight set, in order. */
  memberLayers: number[];
  /**
   * Output [conv output without bias, bias] and leave bias + GELU to the next layer (a
   * BiasGeluBatchNorm, which fuses them with BatchNorm); SpinDepthwise and SpinPointwise.
   */
  deferBias?: boolean;
}

/** GELU as one fused kernel where the backend has it (wasm), else the composed ops. */
const gelu = (x: tf.Tensor): tf.Tensor => fusedGelu(x, composedGelu);

type Weight = WeightHandle & { write(value: tf.Tensor): void };

/** The layer whose deferred-bias outputs a tensor is, until its consumer releases it. */
const producerOf = new WeakMap<tf.Tensor, ComponentLayer>();

/** Called by the layer that consumes a deferred-bias pair: the producer computes afresh next time. */
export function releaseDeferred(conv: tf.Tensor): void {
  producerOf.get(conv)?.release();
  producerOf.delete(conv);
}

abstract class ComponentLayer extends tf.layers.Layer {
  protected pairs: ParamPair[] = [];
  readonly members: number;
  readonly mode: PairMode;
  readonly seed: number;
  readonly memberLayers: number[];
  readonly deferBias: boolean;

  constructor(config: ComponentConfig) {
    super({ name: config.name });
    this.members = config.members;
    this.deferBias = config.deferBias === true;
    // Layers serialization camel-cases string values on load ('choose_first' -> 'chooseFirst').
    this.mode = config.mode.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`) as PairMode;
    this.seed = config.seed;
    this.memberLayers = config.memberLayers;
  }

  protected abstract pairSpecs(inputShape: tf.Shape): PairSpec[];

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const add = (name: string, s: number[], init: Initializer): WeightHandle =>
      this.addWeight(name, s, 'float32', init);
    const scalarMix = this.mode === 'scalar_weighted_mean'
      ? add('mix', [this.members], tf.initializers.constant({ value: 1 / this.members }))
      : undefined;
    this.pairs = this.pairSpecs(shape).map((spec, i) =>
      new ParamPair(add, spec, this.members, this.mode, this.seed + 1009 * i, scalarMix));
    this.built = true;
  }

  /**
   * Layers count one reference per application, so a weight set applied at several blocks
   * would outlive model.dispose(). The model owns it once: the first dispose frees it.
   */
  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    const self = this as unknown as { _refCount: number | null };
    if (self._refCount !== null && self._refCount > 1) self._refCount = 1;
    return super.dispose();
  }

  /** The shared tensors this layer computes with: [kernel, bias] per pair (for export). */
  reducedWeights(): tf.Tensor[] {
    return tf.tidy(() => this.pairs.flatMap((p) => {
      const { kernel, bias } = p.read();
      return [kernel.clone(), bias.clone()];
    }));
  }

  /** Writes member `j`'s [kernel, bias] per pair (fusion initialisation). */
  setMemberWeights(j: number, values: tf.Tensor[]): void {
    this.pairs.forEach((p, i) => {
      (p.kernels[j] as Weight).write(values[2 * i]!);
      (p.biases[j] as Weight).write(values[2 * i + 1]!);
    });
  }

  /** conv + bias, then GELU; or [conv, bias] where the bias is deferred to the next layer. */
  private lastCall: { inputId: number; outputs: tf.Tensor[] } | undefined;

  /**
   * tfjs-layers' executor applies a layer once per symbolic output, so a deferred-bias layer
   * (two outputs) would run its convolution twice per step, forward and backward. The second
   * application, with the same input tensor, gets the first one's tensors; the layer that
   * consumes them ends the reuse (`releaseDeferred`), so a later call (another pass, another
   * gradient scope) computes afresh.
   */
  protected once(x: tf.Tensor, compute: () => tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    if (!this.deferBias) return compute();
    const last = this.lastCall;
    if (last !== undefined && last.inputId === x.id && last.outputs.every((t) => !t.isDisposed)) return last.outputs;
    const outputs = compute() as tf.Tensor[];
    this.lastCall = { inputId: x.id, outputs };
    producerOf.set(outputs[0]!, this);
    return outputs;
  }

  release(): void {
    this.lastCall = undefined;
  }

  protected biasGelu(conv: tf.Tensor, bias: tf.Tensor): tf.Tensor | tf.Tensor[] {
    // A clone: the executor disposes intermediate outputs, which must not be the variable.
    return this.deferBias ? [conv, tf.clone(bias)] : gelu(tf.add(conv, bias));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.deferBias ? [shape, [shape[shape.length - 1]!]] : shape;
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return this.deferBias ? ([null, null] as unknown as tf.Tensor[]) : super.computeMask(inputs, mask);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      members: this.members,
      mode: this.mode,
      seed: this.seed,
      memberLayers: this.memberLayers,
      ...(this.deferBias ? { deferBias: true } : {}),
    };
  }
}

/** Pointwise (1x1) convolution as a dense layer on the channel axis, then GELU. */
export class SpinPointwise extends ComponentLayer {
  static className = 'SpinPointwise';
  protected pairSpecs(shape: tf.Shape): PairSpec[] {
    const c = shape[shape.length - 1]!;
    return [{ prefix: '', kernelShape: [c, c], outAxis: 1, fanIn: c }];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return this.once(x, () => tf.tidy(() => {
      const { kernel, bias } = this.pairs[0]!.read();
      return this.biasGelu(denseLastAxis(x, kernel), bias);
    }));
  }
}

/** Depthwise KxK 'same' convolution with bias, then GELU. */
export class SpinDepthwise extends ComponentLayer {
  static className = 'SpinDepthwise';
  readonly kernelSize: number;
  constructor(config: ComponentConfig & { kernelSize: number }) {
    super(config);
    this.kernelSize = config.kernelSize;
  }
  protected pairSpecs(shape: tf.Shape): PairSpec[] {
    const c = shape[shape.length - 1]!;
    const k = this.kernelSize;
    return [{ prefix: '', kernelShape: [k, k, c, 1], outAxis: 2, fanIn: k * k }];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return this.once(x, () => tf.tidy(() => {
      const { kernel, bias } = this.pairs[0]!.read();
      return this.biasGelu(tf.depthwiseConv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias);
    }));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernelSize: this.kernelSize };
  }
}

/** Multi-head self-attention over tokens [batch, T, C]: q, k, v, o dense with biases. */
export class SpinAttention extends ComponentLayer {
  static className = 'SpinAttention';
  readonly heads: number;
  constructor(config: ComponentConfig & { heads: number }) {
    super(config);
    this.heads = config.heads;
  }
  protected pairSpecs(shape: tf.Shape): PairSpec[] {
    const c = shape[shape.length - 1]!;
    return ['q', 'k', 'v', 'o'].map((prefix) => ({ prefix, kernelShape: [c, c], outAxis: 1, fanIn: c }));
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [, t, c] = x.shape as number[];
      const h = this.heads;
      const dh = c! / h;
      const project = (i: number, input: tf.Tensor): tf.Tensor => {
        const { kernel, bias } = this.pairs[i]!.read();
        return denseLastAxis(input, kernel, bias);
      };
      const split = (y: tf.Tensor): tf.Tensor => tf.transpose(tf.reshape(y, [-1, t!, h, dh]), [0, 2, 1, 3]);
      const q = split(project(0, x));
      const kT = tf.transpose(split(project(1, x)), [0, 1, 3, 2]);
      const v = split(project(2, x));
      const scores = scaledSoftmax(tf.matMul(q, kT), 1 / Math.sqrt(dh));
      const mixed = tf.reshape(tf.transpose(tf.matMul(scores, v), [0, 2, 1, 3]), [-1, t!, c!]);
      return project(3, mixed);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}

/** Transformer MLP: dense C -> rC, GELU, dense rC -> C, with biases. */
export class SpinMlp extends ComponentLayer {
  static className = 'SpinMlp';
  readonly hidden: number;
  constructor(config: ComponentConfig & { hidden: number }) {
    super(config);
    this.hidden = config.hidden;
  }
  protected pairSpecs(shape: tf.Shape): PairSpec[] {
    const c = shape[shape.length - 1]!;
    return [
      { prefix: 'fc1', kernelShape: [c, this.hidden], outAxis: 1, fanIn: c },
      { prefix: 'fc2', kernelShape: [this.hidden, c], outAxis: 1, fanIn: this.hidden },
    ];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const fc1 = this.pairs[0]!.read();
      const fc2 = this.pairs[1]!.read();
      return denseLastAxis(gelu(denseLastAxis(x, fc1.kernel, fc1.bias)), fc2.kernel, fc2.bias);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), hidden: this.hidden };
  }
}

/** Adds a learned position embedding [T, C] to tokens [batch, T, C]. */
export class PositionEmbedding extends tf.layers.Layer {
  static className = 'SpinPositionEmbedding';
  readonly seed: number;
  private table: WeightHandle | undefined;
  constructor(config: { name: string; seed: number }) {
    super({ name: config.name });
    this.seed = config.seed;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const init = tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed });
    this.table = this.addWeight('embedding', [shape[1]!, shape[2]!], 'float32', init);
    this.built = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(Array.isArray(inputs) ? inputs[0]! : inputs, this.table!.read()));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

export type SharedComponentLayer = SpinPointwise | SpinDepthwise | SpinAttention | SpinMlp;

export function isComponentLayer(layer: tf.layers.Layer): layer is SharedComponentLayer {
  return layer instanceof ComponentLayer;
}

for (const cls of [SpinPointwise, SpinDepthwise, SpinAttention, SpinMlp, PositionEmbedding]) {
  tf.serialization.registerClass(cls);
}
