/** Accuracy and mean cross-entropy of a model on a set of images, in inference mode. */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, LabelledImages } from '../data/index.js';
import { normaliseBatch } from '../data/index.js';

export const EVAL_BATCH = 256;

export async function evaluate(
  model: tf.LayersModel,
  dataset: Dataset,
  part: LabelledImages,
  indices: Int32Array,
): Promise<{ accuracy: number; loss: number }> {
  const [h, w, c] = dataset.inputShape;
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < indices.length; start += EVAL_BATCH) {
    const batch = indices.subarray(start, Math.min(indices.length, start + EVAL_BATCH));
    const { x, y } = normaliseBatch(dataset, part, batch);
    const [hits, loss] = tf.tidy(() => {
      const logits = model.apply(tf.tensor4d(x, [batch.length, h, w, c]), { training: false }) as tf.Tensor2D;
      const labels = tf.tensor1d(y, 'int32');
      const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, dataset.classes), logits, undefined, undefined, tf.Reduction.SUM);
      return [hit, ce];
    });
    const [h1, l1] = await Promise.all([hits.data(), loss.data()]);
    tf.dispose([hits, loss]);
    correct += h1[0]!;
    lossSum += l1[0]!;
  }
  const n = Math.max(1, indices.length);
  return { accuracy: correct / n, loss: lossSum / n };
}
