/**
 * The ViT's LayerNorm: tfjs-layers' LayerNormalization, except that on a backend with the
 * fused kernels (wasm, backend/wasm/layernorm.ts) it runs one op forward and one backward
 * instead of moments, tiles, batchNormalization and their autodiff. Same weights (gamma,
 * beta), same config and class name: a saved model loads as the stock layer.
 */
import * as tf from '@tensorflow/tfjs';
import { canLayerNorm, layerNormLastAxis } from '../../backend/wasm/layernorm.js';

type Kwargs = Record<string, unknown>;
interface StockLayerNorm {
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[];
}
interface LayerNormFields {
  axis: number | number[];
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
}

type Args = Parameters<typeof tf.layers.layerNormalization>[0];
const Stock = tf.layers.layerNormalization({}).constructor as new (args: Args) => tf.layers.Layer;

class SpinLayerNormalization extends Stock {
  // The stock name: serialized configs stay loadable without this class.
  static className = 'LayerNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const f = this as unknown as LayerNormFields;
    // build() turns the axis into a list of non-negative axes.
    const axes = Array.isArray(f.axis) ? f.axis : [f.axis];
    const lastAxis = axes.length === 1 && (axes[0] === -1 || axes[0] === x.rank - 1);
    if (!lastAxis || !f.center || !f.scale || !canLayerNorm(x)) {
      return (Stock.prototype as unknown as StockLayerNorm).call.call(this, inputs, kwargs);
    }
    return layerNormLastAxis(x, f.gamma.read(), f.beta.read(), f.epsilon);
  }
}

/** A LayerNormalization layer that runs the fused kernels where it can. */
export function spinLayerNorm(args: Args): tf.layers.Layer {
  return new SpinLayerNormalization(args);
}
