import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { fusedSoftmaxCrossEntropy } from '../../src/backend/wasm/softmax-cross-entropy.js';
import { trainingLoss } from '../../src/train/step-ops.js';
import { assertClose, run, sameOnBoth, setUp, values } from './wasm-compare.js';

interface Case {
  label: string;
  rows: number;
  cols: number;
  /** Logits scale: values(..) in [-1, 1) times this. */
  scale: number;
  soft?: boolean;
}

const CASES: Case[] = [
  { label: 'batch 1', rows: 1, cols: 10, scale: 3 },
  { label: 'classes not a multiple of 4', rows: 5, cols: 7, scale: 3 },
  { label: 'a training batch', rows: 64, cols: 10, scale: 5 },
  { label: 'one class column after the vectors', rows: 3, cols: 1001, scale: 8 },
  { label: 'large logits', rows: 6, cols: 11, scale: 1000 },
  { label: 'soft labels', rows: 4, cols: 9, scale: 4, soft: true },
];

function labelsFor(c: Case): tf.Tensor {
  if (c.soft) return tf.softmax(tf.tensor2d(values([c.rows, c.cols], 77), [c.rows, c.cols]));
  const classes = Array.from({ length: c.rows }, (_, r) => (r * 7 + 3) % c.cols);
  return tf.oneHot(tf.tensor1d(classes, 'int32'), c.cols);
}

/** The loss and its gradient w.r.t. the logits (fused on wasm, tfjs's own on cpu). */
function lossAndGrad(c: Case): () => tf.Tensor[] {
  return () => {
    const logits = tf.mul(tf.tensor2d(values([c.rows, c.cols], c.rows + c.cols), [c.rows, c.cols]), c.scale);
    const labels = labelsFor(c);
    const loss = (x: tf.Tensor): tf.Scalar => fusedSoftmaxCrossEntropy(labels, x);
    return [loss(logits), tf.grad(loss)(logits)];
  };
}

describe('fused softmax cross-entropy on wasm', () => {
  before(setUp);
  after(() => forceSimdVariant(undefined));

  for (const mode of ['simd', 'relaxed', 'js'] as const) {
    for (const c of CASES) {
      it(`${mode}: loss and logits gradient match tf.losses.softmaxCrossEntropy on cpu, ${c.label} [${c.rows}x${c.cols}]`, async () => {
        forceSimdVariant(mode === 'js' ? undefined : mode);
        if (mode === 'js') process.env['SPIN_WASM_SIMD'] = 'off';
        try {
          await sameOnBoth(`${mode} ${c.label}`, lossAndGrad(c), 2e-6);
        } finally {
          delete process.env['SPIN_WASM_SIMD'];
          forceSimdVariant(undefined);
        }
      });
    }
  }

  it('gives finite values at logits of 1e4 (every exponent is taken after subtracting the row max)', async () => {
    const [loss, grad] = await run('wasm', lossAndGrad({ label: 'huge', rows: 2, cols: 5, scale: 1e4 }));
    assert.ok(Number.isFinite(loss![0]) && loss![0]! > 0, `loss ${loss![0]}`);
    assert.ok(grad!.every(Number.isFinite), 'gradient finite');
  });

  it('runs one kernel forward and one for the gradient, without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const logits = tf.tensor2d(values([8, 10], 1), [8, 10]);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10, 1, 0, 'float32');
    const tensors = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.grad((x: tf.Tensor) => fusedSoftmaxCrossEntropy(labels, x))(logits));
    const names = profile.kernels.map((k) => k.name);
    assert.deepEqual(names.filter((n) => n.startsWith('SpinSoftmax')), ['SpinSoftmaxCrossEntropy', 'SpinSoftmaxCrossEntropyGrad']);
    assert.ok(!names.includes('Exp') && !names.includes('Max') && !names.includes('Log'), names.join(', '));
    tf.dispose(profile.result);
    assert.equal(tf.memory().numTensors, tensors);
    tf.dispose([logits, labels]);
  });

  it('has the gradient w.r.t. the labels, -log softmax(logits) / rows', async () => {
    const logits = (): tf.Tensor => tf.tensor2d(values([3, 6], 5), [3, 6]);
    const [expected] = await run('cpu', () => tf.div(tf.neg(tf.logSoftmax(logits())), 3));
    const [actual] = await run('wasm', () => {
      const x = logits();
      return tf.grad((l: tf.Tensor) => fusedSoftmaxCrossEntropy(l, x))(tf.oneHot(tf.tensor1d([1, 0, 5], 'int32'), 6, 1, 0, 'float32'));
    });
    assertClose(actual!, expected!, 1e-6, 'labels gradient');
  });

  it('refuses labels whose shape differs from the logits', async () => {
    await tf.setBackend('wasm');
    assert.throws(() => tf.tidy(() => fusedSoftmaxCrossEntropy(tf.zeros([2, 4]), tf.zeros([2, 5]))), /labels vs logits/);
  });

  it('is the trainer loss on wasm; SPIN_FUSED_STEP=off gives tfjs\'s own kernels', async () => {
    await tf.setBackend('wasm');
    const kernels = async (): Promise<string[]> => {
      const profile = await tf.profile(() => trainingLoss(tf.oneHot(tf.tensor1d([1, 2], 'int32'), 4), tf.tensor2d(values([2, 4], 2), [2, 4])));
      tf.dispose(profile.result);
      return profile.kernels.map((k) => k.name);
    };
    assert.ok((await kernels()).includes('SpinSoftmaxCrossEntropy'));
    process.env['SPIN_FUSED_STEP'] = 'off';
    try {
      assert.ok(!(await kernels()).includes('SpinSoftmaxCrossEntropy'));
    } finally {
      delete process.env['SPIN_FUSED_STEP'];
    }
  });
});
