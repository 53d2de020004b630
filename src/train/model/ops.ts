/** Small tensor helpers shared by the model layers. */
import * as tf from '@tensorflow/tfjs';

/** A Layers initializer (the class is not exported by name). */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** GELU, exact form: x * Phi(x). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))))));
}

/** Dense over the last axis of any-rank `x`: x[..., in] . kernel[in, out] + bias[out] (no bias when omitted). */
export function denseLastAxis(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = kernel.shape[0];
    const outer = kernel.shape[1]!;
    const flat = tf.reshape(x, [-1, inner]);
    const product = tf.matMul(flat, kernel);
    const y = bias === undefined ? product : tf.add(product, bias);
    return tf.reshape(y, [...x.shape.slice(0, -1), outer]);
  });
}
