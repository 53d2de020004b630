/**
 * Adam with one SpinAdam kernel per variable per step (adam.ts), for the wasm backend.
 * Same hyper-parameters, bias correction and float32 arithmetic as tf.train.adam (its
 * 1 - beta^t factors are float32 products, as in tfjs's accBeta scalars); learningRate is
 * a plain property, so a schedule sets it between steps. Moments are kept per variable
 * name. getWeights/setWeights are not implemented (the trainer does not save optimizer
 * state); the base class says so if they are called.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs';
import { SPIN_ADAM } from './adam.js';
import type { AdamAttrs } from './adam.js';

export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'SpinFusedAdam';
  }

  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  #moments = new Map<string, { m: Tensor; v: Tensor }>();
  /** beta^t as tfjs keeps it: a float32 product updated after each step. */
  #accBeta1: number;
  #accBeta2: number;

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = tf.backend().epsilon()) {
    super();
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.#accBeta1 = Math.fround(beta1);
    this.#accBeta2 = Math.fround(beta2);
  }

  applyGradients(variableGradients: NamedTensorMap | { name: string; tensor: Tensor }[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const f = Math.fround;
    const attrs: AdamAttrs = {
      learningRate: f(this.learningRate), beta1: f(this.beta1), beta2: f(this.beta2),
      c1: f(1 - this.#accBeta1), c2: f(1 - this.#accBeta2), epsilon: f(this.epsilon),
    };
    for (const { name, tensor: g } of list) {
      if (!g) continue; // a variable the loss does not depend on
      const value = tf.engine().registeredVariables[name];
      if (!value) throw new Error(`${FusedAdamOptimizer.className}: no variable named ${name}`);
      const { m, v } = this.#momentsOf(name, value);
      const out = tf.engine().runKernel<Tensor>(SPIN_ADAM, { x: value, g, m, v }, attrs as unknown as tf.NamedAttrMap);
      // New data for the variable, never written in place (adam.ts says why).
      value.assign(out);
      out.dispose();
    }
    this.#accBeta1 = f(this.#accBeta1 * f(this.beta1));
    this.#accBeta2 = f(this.#accBeta2 * f(this.beta2));
    this.incrementIterations();
  }

  #momentsOf(name: string, value: Tensor): { m: Tensor; v: Tensor } {
    let moments = this.#moments.get(name);
    if (!moments) {
      // Kept: minimize usually runs inside the caller's tidy, which must not free them.
      moments = { m: tf.keep(tf.zerosLike(value)), v: tf.keep(tf.zerosLike(value)) };
      this.#moments.set(name, moments);
    }
    return moments;
  }

  override dispose(): void {
    for (const { m, v } of this.#moments.values()) tf.dispose([m, v]);
    this.#moments.clear();
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
