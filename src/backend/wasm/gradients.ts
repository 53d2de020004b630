/**
 * Gradient formulations that avoid what the stock ones build: full-size temporaries (a
 * tiled copy of 1/sqrt(var), `ones(x.shape)` multiplied in) and, for Tile, one slice and
 * add per replica. They are plain tf ops, so they hold on every backend; registered
 * globally (tfjs keys gradients by kernel name only), checked against independent
 * formulations in test/backend/wasm-gradients.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { batchNormSums } from './batchnorm-grad.js';

function keptDimsShape(xShape: number[], axis: number | number[]): number[] {
  const axes = tf.util.parseAxisParam(axis, xShape);
  return xShape.map((s, i) => (axes.includes(i) ? 1 : s));
}

/** Broadcasts the reduction's dy back over x: one Tile, no ones(x.shape) multiply. */
function reductionGrad(kernelName: 'Sum' | 'Mean'): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x] = saved as [Tensor];
      const axis = attrs['axis'] as number | number[];
      return {
        x: () => {
          const kept = keptDimsShape(x.shape, axis);
          let g = tf.reshape(dy as Tensor, kept);
          if (kernelName === 'Mean') {
            const size = tf.util.sizeFromShape(x.shape) / tf.util.sizeFromShape(kept);
            g = tf.div(g, tf.scalar(size));
          }
          return tf.broadcastTo(g, x.shape);
        },
      };
    },
  };
}

/** The stock FusedBatchNorm gradient, with broadcasting in place of a full-size tile. */
const fusedBatchNormGrad: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dyIn: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const dy = dyIn as Tensor;
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
    const eps = attrs['varianceEpsilon'] as number;
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: Tensor): Tensor => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const inv = tf.rsqrt(tf.add(variance, tf.scalar(eps)));
    const invScale = scale === undefined || scale === null ? inv : tf.mul(inv, scale);
    // Computed here, not cached in a closure: the tape runs each closure in its own tidy.
    const [sumDy, sumDyXc] = batchNormSums(x, dy, mean) ?? [reduce(dy), reduce(tf.mul(dy, tf.sub(x, mean)))];
    return {
      x: () => tf.mul(dy, invScale),
      mean: () => tf.neg(tf.mul(sumDy, invScale)),
      variance: () => tf.mul(sumDyXc, tf.mul(tf.mul(invScale, tf.square(inv)), tf.scalar(-0.5))),
      scale: () => tf.mul(sumDyXc, inv),
      offset: () => tf.clone(sumDy),
    };
  },
};

/**
 * Tile: one reshape of dy to [reps0, s0, reps1, s1, ...] and one sum over the reps axes.
 * The stock gradient slices and adds once per replica: LayerNormalization tiles its
 * gamma/beta over [batch, tokens], which made a ViT step ~110k kernel calls.
 */
const tileGrad: GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [Tensor];
    const reps = attrs['reps'] as number[];
    return {
      x: () => {
        const split: number[] = [];
        const axes: number[] = [];
        x.shape.forEach((size, i) => {
          if (reps[i]! > 1) axes.push(split.length);
          split.push(reps[i]!, size);
        });
        const g = dy as Tensor;
        return axes.length === 0 ? tf.reshape(g, x.shape) : tf.reshape(tf.sum(tf.reshape(g, split), axes), x.shape);
      },
    };
  },
};

export const gradientConfigs: GradConfig[] = [reductionGrad('Sum'), reductionGrad('Mean'), fusedBatchNormGrad, tileGrad];
