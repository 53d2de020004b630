/**
 * The models' BatchNorm: tfjs-layers' BatchNormalization, except that training on a backend
 * with the fused kernels (wasm, batchnorm-train.ts) runs one op with its own gradient
 * instead of moments + batchNormalization and their autodiff. Same weights, same config
 * and class name (a saved model loads as the stock layer); inference is the stock code.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormTraining, canBatchNormTrain } from '../../backend/wasm/batchnorm-train.js';

type Kwargs = Record<string, unknown>;
interface StockBatchNorm {
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[];
}
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

const Stock = tf.layers.batchNormalization({}).constructor as new (args: Parameters<typeof tf.layers.batchNormalization>[0]) => tf.layers.Layer;

class SpinBatchNormalization extends Stock {
  // The stock name: serialized configs stay loadable without this class.
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const f = this as unknown as BatchNormFields;
    const lastAxis = f.axis === -1 || f.axis === x.rank - 1;
    if (kwargs['training'] !== true || !lastAxis || !f.center || !f.scale || !canBatchNormTrain(x)) {
      return (Stock.prototype as unknown as StockBatchNorm).call.call(this, inputs, kwargs);
    }
    const { y, mean, variance } = batchNormTraining(x, f.gamma.read(), f.beta.read(), f.epsilon);
    tf.tidy(() => {
      // The stock moving-average update: moving -= (moving - batch) * (1 - momentum).
      for (const [variable, value] of [[f.movingMean, mean], [f.movingVariance, variance]] as const) {
        const orig = variable.read();
        variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - f.momentum)));
      }
    });
    tf.dispose([mean, variance]);
    return y;
  }
}

/** A BatchNormalization layer over the last axis that trains with the fused kernels where it can. */
export function spinBatchNorm(args: Parameters<typeof tf.layers.batchNormalization>[0]): tf.layers.Layer {
  return new SpinBatchNormalization(args);
}
