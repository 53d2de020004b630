/**
 * The native backend's kernels (issue 26: the oneDNN addon under the wasm backend) against
 * tfjs's cpu backend (the reference) and the wasm path, forward and gradient, on random
 * shapes with odd sizes and batch 1. Tolerances, relative to the largest value of the
 * reference: 2e-5 for products and convolutions (oneDNN sums in another order, with fused
 * multiply-adds), 5e-7 for GELU, 1e-6 for Adam (same arithmetic as the wasm module, no FMA).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { nativeCalls, nativeKernelsProblem, useNativeKernels } from '../../src/backend/onednn/index.js';
import { fusedGelu } from '../../src/backend/wasm/gelu.js';
import { gelu as composedGelu } from '../../src/train/model/ops.js';
import { FusedAdamOptimizer } from '../../src/backend/wasm/adam-optimizer.js';
import { spinBatchNorm } from '../../src/train/model/batchnorm.js';
import { missing } from '../helpers.js';
import { LABELS, trainOnce } from './fused-block.js';
import { assertClose, gradsOf, run, setUp, values } from './wasm-compare.js';

const skip = missing('the native kernels', nativeKernelsProblem() === null, `${nativeKernelsProblem()}`);

/** fn on cpu, on wasm and on native; native must match both. Returns how often each native kernel ran. */
async function compare(label: string, fn: () => tf.Tensor | tf.Tensor[], tol: number): Promise<Map<string, number>> {
  const expected = await run('cpu', fn);
  useNativeKernels(false);
  const wasm = await run('wasm', fn);
  useNativeKernels(true);
  nativeCalls.clear();
  const native = await run('wasm', fn);
  const calls = new Map(nativeCalls);
  useNativeKernels(false);
  assert.equal(native.length, expected.length, `${label}: output count`);
  native.forEach((out, i) => {
    assertClose(out, expected[i]!, tol, `${label} output ${i} (native vs cpu)`);
    assertClose(out, wasm[i]!, tol, `${label} output ${i} (native vs wasm)`);
  });
  return calls;
}

let names = 0;

/** A seeded integer in [lo, hi]. */
function sizeFrom(seed: number, lo: number, hi: number): number {
  return lo + Math.floor(((values([1], seed)[0]! + 1) / 2) * (hi - lo + 1));
}

describe('native kernels (oneDNN) against tfjs cpu and the wasm path', { skip }, () => {
  before(setUp);
  after(() => useNativeKernels(false));

  it('multiplies matrices like tfjs for every transpose, batch 1, batched, broadcast and odd sizes, gradients too', async () => {
    const cases: Array<[number[], number[], boolean, boolean]> = [
      [[1, 1], [1, 1], false, false],
      [[5, 3], [3, 4], false, false],
      [[3, 5], [3, 4], true, false],
      [[5, 3], [4, 3], false, true],
      [[3, 5], [4, 3], true, true],
      [[3, 9, 6], [3, 6, 11], false, false],
      [[2, 2, 5, 3], [2, 2, 4, 3], false, true],
      [[3, 6, 9], [3, 11, 6], true, true],
    ];
    for (let seed = 1; seed <= 4; seed++) {
      const [m, k, n] = [sizeFrom(seed, 1, 70), sizeFrom(seed + 10, 1, 40), sizeFrom(seed + 20, 1, 33)];
      cases.push([[m, k], [k, n], false, false], [[2, k, m], [2, n, k], true, true]);
    }
    for (const [a, b, tA, tB] of cases) {
      const calls = await compare(`matMul ${JSON.stringify(a)} x ${JSON.stringify(b)} tA=${tA} tB=${tB}`,
        gradsOf((x, y) => tf.matMul(x, y, tA, tB), [a, b]), 2e-5);
      assert.ok((calls.get('gemm') ?? 0) >= 3, `matMul ${JSON.stringify(a)}: the forward and both gradients run natively`);
    }
    const calls = await compare('matMul with a broadcast batch', () =>
      tf.matMul(tf.tensor(values([2, 3, 5, 7], 1), [2, 3, 5, 7]), tf.tensor(values([7, 6], 2), [7, 6])), 2e-5);
    assert.ok((calls.get('gemm') ?? 0) >= 1);
  });

  it('runs depthwise convolutions and both gradients like tfjs for odd sizes, batch 1, same and valid padding', async () => {
    const cases: Array<[number[], number, 'same' | 'valid']> = [
      [[1, 5, 5, 3], 3, 'same'],
      [[2, 7, 6, 5], 5, 'same'],
      [[1, 9, 9, 17], 7, 'same'],
      [[3, 6, 7, 4], 3, 'valid'],
      [[2, 14, 14, 24], 5, 'same'],
    ];
    for (let seed = 1; seed <= 3; seed++) {
      const [n, h, w, c] = [sizeFrom(seed, 1, 3), sizeFrom(seed + 5, 3, 11), sizeFrom(seed + 7, 3, 11), sizeFrom(seed + 9, 1, 21)];
      cases.push([[n, h, w, c], [3, 5][seed % 2]!, 'same']);
    }
    for (const [x, k, pad] of cases) {
      const calls = await compare(`depthwise ${JSON.stringify(x)} k${k} ${pad}`,
        gradsOf((a, f) => tf.depthwiseConv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, pad), [x, [k, k, x[3]!, 1]]), 2e-5);
      for (const kernel of ['depthwiseForward', 'depthwiseInputGrad', 'depthwiseFilterGrad']) {
        assert.ok((calls.get(kernel) ?? 0) >= 1, `depthwise ${JSON.stringify(x)} k${k} ${pad}: ${kernel} runs natively`);
      }
    }
  });

  it('trains the project BatchNorm (affine passes) like tfjs, gradients too', async () => {
    for (const shape of [[1, 3, 3, 5], [4, 5, 7, 13], [2, 4, 4, 64], [9, 13]]) {
      const c = shape[shape.length - 1]!;
      const calls = await compare(`batchNorm ${JSON.stringify(shape)}`, () => {
        const bn = spinBatchNorm({ axis: -1, momentum: 0.9, epsilon: 1e-5 });
        bn.build(shape);
        bn.setWeights([tf.tensor1d(values([c], 7)).add(1.5), tf.tensor1d(values([c], 8)), tf.zeros([c]), tf.ones([c])]);
        const x = tf.tensor(values(shape, 3), shape);
        const r = tf.tensor(values(shape, 4), shape);
        const [gamma, beta] = bn.trainableWeights.map((w) => w.read() as tf.Variable);
        const loss = (t: tf.Tensor): tf.Scalar => tf.sum<tf.Scalar>(tf.mul(bn.apply(t, { training: true }) as tf.Tensor, r));
        const { grads } = tf.variableGrads(() => loss(x), [gamma!, beta!]);
        const dx = tf.grad(loss)(x);
        const y = bn.apply(x, { training: true }) as tf.Tensor;
        const out = [y, dx, grads[gamma!.name]!, grads[beta!.name]!].map((t) => t.clone());
        bn.weights.forEach((w) => w.read().dispose());
        return out;
      }, 2e-5);
      assert.ok((calls.get('channelAffine') ?? 0) >= 1, `batchNorm ${JSON.stringify(shape)}: the affine pass runs natively`);
    }
  });

  it('applies the fused Adam step like the wasm path (same arithmetic) and tf.train.adam, on odd sizes', async () => {
    for (const n of [1, 7, 33, 1000]) {
      const calls = await compare(`adam n=${n}`, () => {
        const w = tf.variable(tf.tensor(values([n], 3)), true, `native-adam-${n}-${names++}`);
        const optimizer = tf.getBackend() === 'cpu' ? tf.train.adam(0.01) : new FusedAdamOptimizer(0.01);
        for (let s = 0; s < 3; s++) {
          optimizer.applyGradients([{ name: w.name, tensor: tf.tensor(values([n], 10 + s)) }]);
        }
        const out = w.clone();
        optimizer.dispose();
        w.dispose();
        return [out];
      }, 1e-6);
      assert.ok(tf.getBackend() === 'wasm' && (calls.get('adam') ?? 0) >= 3, `adam n=${n}: runs natively`);
    }
  });

  it('computes GELU and its gradient like the composed ops on cpu, tails, zero and tiny values included', async () => {
    const calls = await compare('gelu', () => {
      const spread = Array.from(values([301], 5), (v) => v * 6);
      const x = tf.tensor2d([...spread, 0, -0, 1e-8, -1e-8, 1e-35, -1e-35, 3.9, -4.1, 6, -6, 12, -12, 40, -40], [3, 105]);
      const dy = tf.tensor(values(x.shape, 11), x.shape);
      const gelu = (t: tf.Tensor): tf.Tensor => fusedGelu(t, composedGelu);
      return [gelu(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gelu(t), dy)))(x)];
    }, 5e-7);
    assert.ok((calls.get('gelu') ?? 0) >= 1 && (calls.get('geluGrad') ?? 0) >= 1, 'GELU runs natively both ways');
  });

  it('trains the fused conv bias + GELU + BatchNorm block like the unfused layers on cpu and the fused wasm path', async () => {
    for (const [kind, shape] of [
      ['depthwise', [1, 7, 3, 5]], ['depthwise', [3, 5, 5, 6]], ['pointwise', [1, 9, 11, 13]], ['pointwise', [2, 14, 14, 32]],
    ] as const) {
      const label = `${kind} ${JSON.stringify(shape)}`;
      const expected = await trainOnce('cpu', kind, false, [...shape]);
      useNativeKernels(false);
      const wasm = await trainOnce('wasm', kind, true, [...shape]);
      useNativeKernels(true);
      nativeCalls.clear();
      const native = await trainOnce('wasm', kind, true, [...shape]);
      const calls = new Map(nativeCalls);
      useNativeKernels(false);
      expected.forEach((e, i) => {
        assertClose(native[i]!, e, 2e-5, `${LABELS[i]} ${label} (native vs cpu)`);
        assertClose(native[i]!, wasm[i]!, 2e-5, `${LABELS[i]} ${label} (native vs wasm)`);
      });
      for (const kernel of ['biasGeluMoments', 'biasGeluBnGrad', 'batchNormSums', 'channelAffine', 'gemm']) {
        if (kernel === 'gemm' && kind === 'depthwise') continue;
        assert.ok((calls.get(kernel) ?? 0) >= 1, `${label}: ${kernel} runs natively`);
      }
    }
  });
});
