/**
 * Exact cost of an architecture, counted the way a TensorFlow.js model counts its
 * trainable parameters. The trainer builds its models to match THIS convention.
 *
 * Notation: input H x W x Cin, width C, depth D, patch P, T = (H/P)(W/P) positions
 * (ConvMixer) or tokens (ViT), classes N. A component shared with S weight sets counts
 * S x its per-layer cost; unshared, S = D. Normalisation layers are always per layer.
 *
 * ConvMixer (conv layers have biases; BatchNorm counts gamma and beta, 2C; its moving
 * mean/variance are not trainable and not counted; activation GELU, no parameters):
 *   stem    conv PxP, stride P: P*P*Cin*C + C, then BatchNorm 2C
 *   block   depthwise KxK: K*K*C + C, BatchNorm 2C, pointwise 1x1: C*C + C, BatchNorm 2C
 *           (the optional pointwise residual adds nothing)
 *   head    global average pool, dense C*N + N
 *   FLOPs = 2 x MACs = 2 x (T*P*P*Cin*C + D*T*(K*K*C + C*C) + C*N)
 *
 * ViT (dense layers have biases; LayerNorm 2C; mean pooling, no class token):
 *   embed   dense (P*P*Cin)*C + C, learned position embedding T*C
 *   block   LayerNorm 2C, attention q, k, v, o dense C*C + C each (4C^2 + 4C),
 *           LayerNorm 2C, MLP dense C*(rC) + rC then (rC)*C + C (r = mlpRatio)
 *   final   LayerNorm 2C, head dense C*N + N
 *   FLOPs = 2 x (T*P*P*Cin*C + D*(4*T*C^2 + 2*T^2*C + 2*T*r*C^2) + C*N)
 *   (q,k,v,o projections; QK^T and AV; the MLP; heads do not change the count.)
 *
 * FLOPs ignore biases, normalisation, activations, softmax and pooling, and are the same
 * shared or unshared (every layer still runs).
 *
 * Fusion (init other than "scratch"): while training, the model keeps all D unshared
 * tensors (kernels and biases) of every shared component and computes each group's
 * shared tensor from them with the reduction, so
 *   trainingParams = the unshared network's params + reduction weights, where
 *   mean, choose_first       no weights
 *   scalar_weighted_mean     one scalar per layer per shared component (D per component;
 *                            the layer's scalar weighs all its kernels and biases)
 *   channel_weighted_mean    one weight per output channel of each weight tensor, per
 *                            layer: depthwise C, pointwise C, attention 4C (q, k, v, o),
 *                            mlp rC + C (both dense layers); times D
 * and params (deployed, after export) = the shared count. Without fusion
 * trainingParams = params.
 */
import { ArchitectureError } from '../errors.js';
import type { Component } from '../space/types.js';
import type { ArchSpec, Cost } from './types.js';

export function costOf(arch: ArchSpec): Cost {
  const [h, w, cin] = arch.inputShape;
  const { width: c, depth: d, patch: p, classes: n } = arch;
  if (h % p !== 0 || w % p !== 0) throw new ArchitectureError(`patch ${p} does not divide the ${h}x${w} image`);
  const t = (h / p) * (w / p);
  const sets = (comp: Component) => {
    const s = arch.sharing.sets[comp] ?? d;
    if (!Number.isInteger(s) || s < 1 || s > d) throw new ArchitectureError(`${comp} has ${s} weight sets; it needs 1 to ${d}`);
    return s;
  };
  const head = c * n + n;

  let fixed: number; // everything that is never shared
  let perLayer: Partial<Record<Component, number>>; // params of one layer of each component
  let reduction: Partial<Record<Component, number>>; // channel_weighted_mean weights of one layer
  let macs: number;
  if (arch.family === 'convmixer') {
    const k = arch.kernel;
    if (k === undefined) throw new ArchitectureError('a ConvMixer architecture needs a kernel size');
    fixed = p * p * cin * c + c + 2 * c + d * 4 * c + head;
    perLayer = { depthwise: k * k * c + c, pointwise: c * c + c };
    reduction = { depthwise: c, pointwise: c };
    macs = t * p * p * cin * c + d * t * (k * k * c + c * c) + c * n;
  } else {
    const r = arch.mlpRatio;
    if (r === undefined) throw new ArchitectureError('a ViT architecture needs an MLP ratio');
    fixed = p * p * cin * c + c + t * c + d * 4 * c + 2 * c + head;
    perLayer = { attention: 4 * c * c + 4 * c, mlp: 2 * r * c * c + r * c + c };
    reduction = { attention: 4 * c, mlp: r * c + c };
    macs = t * p * p * cin * c + d * (4 * t * c * c + 2 * t * t * c + 2 * t * r * c * c) + c * n;
  }

  let params = fixed;
  let unsharedParams = fixed;
  let reductionWeights = 0;
  for (const [comp, cost] of Object.entries(perLayer) as [Component, number][]) {
    const s = sets(comp);
    params += s * cost;
    unsharedParams += d * cost;
    if (s < d) {
      if (arch.init === 'scalar_weighted_mean') reductionWeights += d;
      else if (arch.init === 'channel_weighted_mean') reductionWeights += d * (reduction[comp] as number);
    }
  }
  const trainingParams = arch.init === 'scratch' ? params : unsharedParams + reductionWeights;
  return { params, trainingParams, flops: 2 * macs };
}
