/**
 * Fast training on the wasm backend (issue 6): gradient kernels the stock backend lacks,
 * and faster formulations of the slow ones. JS kernels work on the backend's heap in
 * place; the heavy linear algebra stays on the backend's own XNNPACK kernels.
 *
 *   conv2d-grad      Conv2DBackpropFilter (im2col + GEMM), 1x1 Conv2DBackpropInput (GEMM)
 *   depthwise-grad   depthwise input gradient (flipped-filter XNNPACK conv) and filter
 *                    gradient (JS register-window loops, depthwise-filter.ts)
 *   depthwise-simd   depthwise forward, input and filter gradients (stride 1) on the SIMD module
 *   matmul           transposes made explicit for XNNPACK; batch > 1 on our blocked SIMD GEMM
 *                    (gemm.ts), batch 1 too with SPIN_WASM_GEMM=simd (it ties with XNNPACK)
 *   reduce, tile     Sum/Mean over leading axes and Tile without transposes
 *   batchnorm        FusedBatchNorm forward as per-channel a*x + b
 *   identity         Identity/same-dtype Cast as shared-data views
 *   erf              erf and its gradient (GELU) as JS loops (math.ts)
 *   gelu             the layers' GELU as one kernel forward, one backward (gelu.ts)
 *   batchnorm-grad   the BatchNorm gradient's two channel sums in one pass
 *   batchnorm-train  BatchNorm in training: moments, affine and input gradient, one pass each
 *   bias-gelu-bn     conv bias + GELU + BatchNorm in training (ConvMixer blocks): bias, GELU
 *                    and batch statistics in one pass, then the affine pass; backward the
 *                    BatchNorm sums, then one pass for the conv output and bias gradients
 *   gradients        BatchNorm, Sum, Mean and Tile gradients without full-size temporaries
 *   adam             the Adam update of one variable in one pass: moments in place, new
 *                    weights (adam-optimizer.ts: FusedAdamOptimizer, one kernel per variable)
 *   softmax-cross-entropy  the training loss (mean softmax cross-entropy) as one kernel
 *                    forward and one for the logits gradient
 *   layernorm        LayerNorm over the last axis (ViT): forward, and input/gamma/beta
 *                    gradients, one pass each on the SIMD module
 *   softmax          softmax(scale x) over the last axis (attention scores) and its
 *                    gradient, one pass each on the SIMD module
 *
 * The hot loops run in our own WebAssembly SIMD module (AssemblyScript in assembly/, built
 * by `npm run build`, plain and relaxed-SIMD builds). Memory sharing: the module imports the
 * backend's own WebAssembly.Memory (exported by its emscripten module) as env.memory, and
 * its kernels take byte offsets of tensors allocated by the backend, so nothing is copied.
 * It is safe because the module owns nothing in that memory (the build rejects data
 * segments, globals, a start function, any import but the memory; no stack, no allocator),
 * writes only outputs and scratch the caller allocated through the backend first, and
 * offsets stay valid when the memory grows (both modules see the one Memory). Details in
 * simd.ts. Each kernel keeps its JS loop for runtimes where the module cannot bind.
 *
 * Measure with `npm run bench:train -- --profile` (CPU ms per kernel per training step).
 */
import * as tf from '@tensorflow/tfjs';
// Loaded first so the stock kernels exist before they are overridden.
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig } from '@tensorflow/tfjs';
import { adamKernelConfig } from './adam.js';
import { fusedBatchNormKernel } from './batchnorm.js';
import { batchNormSumsKernel } from './batchnorm-grad.js';
import { batchNormTrainKernels } from './batchnorm-train.js';
import { biasGeluBatchNormKernels } from './bias-gelu-bn.js';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel } from './conv2d-grad.js';
import { depthwiseGradKernels } from './depthwise-grad.js';
import { depthwiseForwardKernel } from './depthwise-simd.js';
import { erfGradient, erfKernels } from './erf.js';
import { geluGradient, geluKernels } from './gelu.js';
import { gradientConfigs } from './gradients.js';
import { keepOriginal } from './heap.js';
import { layerNormKernels } from './layernorm.js';
import { viewKernels } from './identity.js';
import { matMulKernels } from './matmul.js';
import { reduceKernels } from './reduce.js';
import { softmaxCrossEntropyGradient, softmaxCrossEntropyKernels } from './softmax-cross-entropy.js';
import { softmaxGradient, softmaxKernels } from './softmax.js';
import { tileKernel } from './tile.js';

const kernels: KernelConfig[] = [
  conv2DBackpropFilterKernel,
  conv2DBackpropInputKernel,
  depthwiseForwardKernel,
  ...depthwiseGradKernels,
  ...matMulKernels,
  ...reduceKernels,
  tileKernel,
  ...viewKernels,
  ...erfKernels,
  ...geluKernels,
  fusedBatchNormKernel,
  batchNormSumsKernel,
  ...batchNormTrainKernels,
  adamKernelConfig,
  ...softmaxCrossEntropyKernels,
  ...layerNormKernels,
  ...softmaxKernels,
  ...biasGeluBatchNormKernels,
];

let installed = false;

/** Registers the project's wasm kernels and gradients. Safe to call more than once. */
export function installWasmKernels(): void {
  if (installed) return;
  installed = true;
  for (const config of kernels) {
    const stock = tf.getKernel(config.kernelName, 'wasm');
    if (stock) {
      keepOriginal(config.kernelName);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    // The stock setup (binding its C++ function) must still run when the backend starts.
    tf.registerKernel({ ...config, setupFunc: stock?.setupFunc });
  }
  for (const config of [...gradientConfigs, erfGradient, geluGradient, softmaxCrossEntropyGradient, softmaxGradient]) tf.registerGradient(config);
}
