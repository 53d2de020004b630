/**
 * BiasGeluBatchNorm: a ConvMixer block's conv bias + GELU + BatchNorm as one layer, fed
 * [conv output, bias] by a component layer built with deferBias. Training on wasm with the
 * SIMD module runs the fused op (backend/wasm/bias-gelu-bn.ts); anywhere else, and in
 * inference, it computes gelu(conv + bias) and the stock BatchNorm maths. Its weights are
 * a BatchNormalization's (gamma, beta, moving_mean, moving_variance, in that order), so
 * weights copy by layer name to and from the unfused model and the standard export.
 */
import * as tf from '@tensorflow/tfjs';
import { biasGeluBatchNorm, canBiasGeluBatchNorm } from '../../backend/wasm/bias-gelu-bn.js';
import { fusedGelu } from '../../backend/wasm/gelu.js';
import { releaseDeferred } from './layers.js';
import { gelu as composedGelu } from './ops.js';

type Kwargs = Record<string, unknown>;
type WeightHandle = ReturnType<tf.layers.Layer['addWeight']>;

export interface BiasGeluBatchNormConfig {
  name: string;
  momentum: number;
  epsilon: number;
}

export class BiasGeluBatchNorm extends tf.layers.Layer {
  static className = 'SpinBiasGeluBatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  private gamma: WeightHandle | undefined;
  private beta: WeightHandle | undefined;
  private movingMean: WeightHandle | undefined;
  private movingVariance: WeightHandle | undefined;

  constructor(config: BiasGeluBatchNormConfig) {
    super({ name: config.name });
    this.momentum = config.momentum;
    this.epsilon = config.epsilon;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = [shape[shape.length - 1]!];
    this.gamma = this.addWeight('gamma', c, 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', c, 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', c, 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', c, 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const [z, bias] = inputs as tf.Tensor[];
    releaseDeferred(z!);
    const [gamma, beta] = [this.gamma!.read(), this.beta!.read()];
    if (kwargs['training'] !== true) {
      return tf.tidy(() => tf.batchNorm(this.activation(z!, bias!), this.movingMean!.read(), this.movingVariance!.read(), beta, gamma, this.epsilon));
    }
    let out: { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor };
    if (z!.dtype === 'float32' && z!.rank >= 2 && canBiasGeluBatchNorm()) {
      out = biasGeluBatchNorm(z!, bias!, gamma, beta, this.epsilon);
    } else {
      out = tf.tidy(() => {
        const g = this.activation(z!, bias!);
        const { mean, variance } = tf.moments(g, [...Array(g.rank - 1).keys()]);
        return { y: tf.batchNorm(g, mean, variance, beta, gamma, this.epsilon), mean, variance };
      });
    }
    tf.tidy(() => {
      // The stock moving-average update: moving -= (moving - batch) * (1 - momentum).
      for (const [variable, value] of [[this.movingMean!, out.mean], [this.movingVariance!, out.variance]] as const) {
        const orig = variable.read();
        variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - this.momentum)));
      }
    });
    tf.dispose([out.mean, out.variance]);
    return out.y;
  }

  private activation(z: tf.Tensor, bias: tf.Tensor): tf.Tensor {
    return tf.tidy(() => fusedGelu(tf.add(z, bias), composedGelu));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(BiasGeluBatchNorm);
