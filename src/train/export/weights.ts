/**
 * A model's weights read out of TensorFlow.js as plain arrays, keyed `layerName/weightName`
 * (`stem_bn/moving_mean`, `pointwise_s0/kernel_m1`), in TF.js layouts: what the portable
 * exports (ONNX, PyTorch) map from. A weight set shared by several blocks is one layer, read once.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Float32Tensor } from '../../export/portable.js';

export function readWeights(model: tf.LayersModel): Map<string, Float32Tensor> {
  const out = new Map<string, Float32Tensor>();
  for (const layer of model.layers) {
    const values = layer.getWeights();
    layer.weights.forEach((w, i) => {
      const short = w.originalName.split('/').pop()!;
      const value = values[i]!;
      out.set(`${layer.name}/${short}`, { shape: value.shape.slice(), data: Float32Array.from(value.dataSync()) });
    });
  }
  return out;
}
