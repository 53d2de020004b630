import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../../src/backend/wasm/adam-optimizer.js';
import { forceSimdVariant } from '../../src/backend/wasm/simd.js';
import { makeAdam } from '../../src/train/step-ops.js';
import { assertClose, setUp, values } from './wasm-compare.js';
import type { Backend } from './wasm-compare.js';

type Adam = tf.Optimizer & { learningRate: number };

/** Odd sizes: 1, not multiples of 4, and one large tensor (2^18 + 3 values). */
const SHAPES = [[1], [7], [13, 5], [3, 3, 1, 17], [(1 << 18) + 3]];
/** One learning rate per step: the schedule changes it between steps. */
const RATES = [0.01, 0.004, 0.02, 0.001, 0.0005, 0.03];
let names = 0;

/** Gradients of step t: values in [-1, 1) scaled by 1, 0.1, 0.01, 1e-5 (near epsilon) by tensor. */
function gradient(shape: number[], t: number, i: number): tf.Tensor {
  return tf.mul(tf.tensor(values(shape, 100 * t + i), shape), [1, 0.1, 0.01, 1e-5][i % 4]!);
}

/** The variables' values after RATES.length steps of `make`'s optimizer on `backend`. */
async function adamSteps(backend: Backend, make: (lr: number) => Adam): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const vars = SHAPES.map((s, i) => tf.variable(tf.tensor(values(s, 10 + i), s), true, `adam-test-${names++}`));
  const optimizer = make(RATES[0]!);
  for (let t = 0; t < RATES.length; t++) {
    optimizer.learningRate = RATES[t]!;
    tf.tidy(() => optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: gradient(v.shape, t, i) }))));
  }
  const out = vars.map((v) => Float32Array.from(v.dataSync()));
  optimizer.dispose();
  tf.dispose(vars);
  return out;
}

const stockAdam = (lr: number): Adam => tf.train.adam(lr) as tf.AdamOptimizer & { learningRate: number };
const fusedAdam = (lr: number): Adam => new FusedAdamOptimizer(lr);

describe('fused Adam on wasm', () => {
  before(setUp);
  after(() => forceSimdVariant(undefined));

  for (const mode of ['simd', 'relaxed', 'js'] as const) {
    it(`${mode}: updates weights like tf.train.adam on the cpu backend over 6 steps with a changing learning rate`, async () => {
      const expected = await adamSteps('cpu', stockAdam);
      forceSimdVariant(mode === 'js' ? undefined : mode);
      if (mode === 'js') process.env['SPIN_WASM_SIMD'] = 'off';
      try {
        const actual = await adamSteps('wasm', fusedAdam);
        expected.forEach((e, i) => assertClose(actual[i]!, e, 2e-6, `${mode} variable [${SHAPES[i]!.join('x')}]`));
      } finally {
        delete process.env['SPIN_WASM_SIMD'];
        forceSimdVariant(undefined);
      }
    });
  }

  it('moves the weights at all (the comparison above is not between two unchanged tensors)', async () => {
    const moved = (await adamSteps('wasm', fusedAdam)).map((after, i) => {
      const start = values(SHAPES[i]!, 10 + i);
      return after.reduce((m, v, j) => Math.max(m, Math.abs(v - start[j]!)), 0);
    });
    assert.ok(moved.every((d) => d > 0.01), `largest change per variable: ${moved.join(', ')}`);
  });

  it('gives the variable new data each step, so XNNPACK convolutions see the new weights', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values([1, 6, 6, 3], 1), [1, 6, 6, 3]);
    const filter = tf.variable(tf.tensor4d(values([3, 3, 3, 4], 2), [3, 3, 3, 4]), true, `adam-test-${names++}`);
    const optimizer = new FusedAdamOptimizer(0.1);
    const step = (): void => tf.tidy(() => void optimizer.minimize(() => tf.sum(tf.square(tf.conv2d(x, filter, 1, 'same'))), false, [filter]));
    step();
    const tensors = tf.memory().numTensors;
    const id = filter.dataId;
    step();
    assert.notEqual(filter.dataId, id);
    const [withVariable, withCopy] = tf.tidy(() => [
      tf.conv2d(x, filter, 1, 'same').dataSync(),
      tf.conv2d(x, tf.tensor4d(filter.dataSync(), [3, 3, 3, 4]), 1, 'same').dataSync(),
    ]);
    assertClose(withVariable, withCopy, 1e-6, 'conv with the updated variable');
    const view = tf.reshape(filter, [-1]);
    const before = Float32Array.from(view.dataSync());
    step();
    assert.deepEqual(Float32Array.from(view.dataSync()), before, 'a view of the old weights keeps its values');
    assert.ok(filter.dataSync().some((v, i) => v !== before[i]), 'the weights moved');
    view.dispose();
    step();
    assert.equal(tf.memory().numTensors, tensors, 'no tensor leaks across steps');
    optimizer.dispose();
    tf.dispose([x, filter]);
  });

  it('runs one SpinAdam kernel per variable and no other kernel', async () => {
    await tf.setBackend('wasm');
    const vars = SHAPES.slice(0, 4).map((s, i) => tf.variable(tf.tensor(values(s, i), s), true, `adam-test-${names++}`));
    const optimizer = new FusedAdamOptimizer(0.01);
    const grads = vars.map((v, i) => ({ name: v.name, tensor: gradient(v.shape, 0, i) }));
    optimizer.applyGradients(grads); // the first step also creates the moments
    const profile = await tf.profile(() => optimizer.applyGradients(grads));
    assert.deepEqual(profile.kernels.map((k) => k.name), vars.map(() => 'SpinAdam'));
    optimizer.dispose();
    tf.dispose([...vars, ...grads.map((g) => g.tensor)]);
  });

  it('is what makeAdam gives on wasm; cpu and SPIN_FUSED_STEP=off get tf.train.adam', async () => {
    await tf.setBackend('wasm');
    const onWasm = makeAdam(0.01);
    assert.ok(onWasm instanceof FusedAdamOptimizer);
    process.env['SPIN_FUSED_STEP'] = 'off';
    try {
      const off = makeAdam(0.01);
      assert.ok(off instanceof tf.AdamOptimizer);
      off.dispose();
    } finally {
      delete process.env['SPIN_FUSED_STEP'];
    }
    await tf.setBackend('cpu');
    const onCpu = makeAdam(0.01);
    assert.ok(onCpu instanceof tf.AdamOptimizer);
    onWasm.dispose();
    onCpu.dispose();
  });
});
