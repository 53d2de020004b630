/**
 * The optimizer and loss of a training step: on the wasm backend with the SIMD module
 * bound, Adam as one kernel per variable and the fused softmax cross-entropy; tfjs's own
 * elsewhere. SPIN_FUSED_STEP=off forces tfjs's own (before/after comparisons).
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../backend/wasm/adam-optimizer.js';
import { SPIN_ADAM } from '../backend/wasm/adam.js';
import type { WasmBackend } from '../backend/wasm/heap.js';
import { simdKernels } from '../backend/wasm/simd.js';
import { fusedSoftmaxCrossEntropy } from '../backend/wasm/softmax-cross-entropy.js';

/** An Adam optimizer whose learning rate a schedule sets between steps. */
export type ScheduledAdam = tf.Optimizer & { learningRate: number };

const fusedStepOff = (): boolean => process.env['SPIN_FUSED_STEP'] === 'off';

/** Whether makeAdam gives the fused optimizer on the active backend. */
export function fusedAdamAvailable(): boolean {
  if (fusedStepOff() || tf.getBackend() !== 'wasm' || !tf.getKernel(SPIN_ADAM, 'wasm')) return false;
  return simdKernels(tf.backend() as unknown as WasmBackend) !== undefined;
}

/** Adam (tfjs defaults: beta1 0.9, beta2 0.999, epsilon of the backend) for the active backend. */
export function makeAdam(learningRate: number): ScheduledAdam {
  if (fusedAdamAvailable()) return new FusedAdamOptimizer(learningRate);
  return tf.train.adam(learningRate) as tf.AdamOptimizer & { learningRate: number };
}

/** Mean softmax cross-entropy of logits [batch, classes] against one-hot labels. */
export function trainingLoss(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (fusedStepOff()) return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, logits);
  return fusedSoftmaxCrossEntropy(labels, logits);
}
