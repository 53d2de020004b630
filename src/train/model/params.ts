/**
 * A kernel + bias pair of one shared component, as held by a layer: either one plain
 * pair, or (weight fusion) the group's unshared members plus the reduction that computes
 * the shared pair on the fly. Reductions act on the output-channel axis the same way for
 * kernel and bias.
 */
import * as tf from '@tensorflow/tfjs';
import type { Reduction } from '../../space/types.js';
import type { Initializer } from './ops.js';

/** What a layer's addWeight returns, as far as we need it. */
export interface WeightHandle {
  read(): tf.Tensor;
}

export type AddWeight = (name: string, shape: number[], init: Initializer, trainable?: boolean) => WeightHandle;

export interface PairSpec {
  /** Weight name prefix inside the layer, e.g. 'q' or '' for a single pair. */
  prefix: string;
  kernelShape: number[];
  /** Axis of the output channels in the kernel (its last axis for dense, 2 for depthwise). */
  outAxis: number;
  /** Fan-in for the uniform(+-1/sqrt(fanIn)) initialisation. */
  fanIn: number;
}

/** 'none' = a plain pair; otherwise the fusion reduction over `members` pairs. */
export type PairMode = 'none' | Reduction;

export class ParamPair {
  readonly kernels: WeightHandle[] = [];
  readonly biases: WeightHandle[] = [];
  readonly mix: WeightHandle | undefined;

  constructor(
    add: AddWeight,
    readonly spec: PairSpec,
    readonly members: number,
    readonly mode: PairMode,
    seed: number,
    /** scalar_weighted_mean: the layer's one scalar per member, shared by all its pairs. */
    scalarMix?: WeightHandle,
  ) {
    const limit = 1 / Math.sqrt(spec.fanIn);
    const out = spec.kernelShape[spec.outAxis]!;
    const name = (base: string, j: number): string => {
      const p = spec.prefix === '' ? base : `${spec.prefix}_${base}`;
      return mode === 'none' ? p : `${p}_m${j}`;
    };
    const count = mode === 'none' ? 1 : members;
    for (let j = 0; j < count; j++) {
      const init = tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: seed + 101 * j });
      this.kernels.push(add(name('kernel', j), spec.kernelShape, init));
      this.biases.push(add(name('bias', j), [out], tf.initializers.zeros()));
    }
    const mixName = spec.prefix === '' ? 'mix' : `${spec.prefix}_mix`;
    const mixInit = tf.initializers.constant({ value: 1 / members });
    if (mode === 'scalar_weighted_mean') this.mix = scalarMix ?? add(mixName, [members], mixInit);
    else if (mode === 'channel_weighted_mean') this.mix = add(mixName, [members, out], mixInit);
    else this.mix = undefined;
  }

  /** The kernel and bias the layer computes with (reduced when fused). */
  read(): { kernel: tf.Tensor; bias: tf.Tensor } {
    return {
      kernel: this.reduce(this.kernels.map((k) => k.read()), this.spec.outAxis),
      bias: this.reduce(this.biases.map((b) => b.read()), 0),
    };
  }

  private reduce(tensors: tf.Tensor[], outAxis: number): tf.Tensor {
    const first = tensors[0]!;
    switch (this.mode) {
      case 'none':
      case 'choose_first':
        return first;
      case 'mean':
        return tf.tidy(() => tf.div(tf.addN(tensors), tensors.length));
      case 'scalar_weighted_mean':
      case 'channel_weighted_mean':
        return tf.tidy(() => {
          const stacked = tf.stack(tensors);
          const rank = stacked.rank;
          const shape = new Array<number>(rank).fill(1);
          shape[0] = tensors.length;
          if (this.mode === 'channel_weighted_mean') shape[outAxis + 1] = first.shape[outAxis]!;
          const w = tf.reshape(this.mix!.read(), shape);
          return tf.sum(tf.mul(stacked, w), 0);
        });
    }
  }
}
