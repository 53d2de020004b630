import * as tf from '@tensorflow/tfjs';
const { initBackend } = await import('../dist/src/backend/index.js');
const { buildModel } = await import('../dist/src/train/index.js');
await initBackend('wasm');
const arch = { family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 128, depth: 8, patch: 2, kernel: 5, pointwiseResidual: false, sharing: { assignment: {}, sets: {} }, init: 'scratch', hash: '', parentHash: '', label: 'x' };
const { model } = buildModel(arch, { seed: 1 });
const xs = tf.randomNormal([64, 28, 28, 1]); const ys = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10);
const opt = tf.train.adam(1e-3); const vars = model.trainableWeights.map((v) => v.read());
const step = () => tf.tidy(() => opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true })), true, vars));
step().dispose();
const prof = await tf.profile(() => step());
const agg = {};
for (const k of prof.kernels) { const size = k.outputShapes.map(s => s.reduce((a,b)=>a*b,1)).reduce((a,b)=>Math.max(a,b),0); const key = k.name + (size >= 1e6 ? ' FULL' : ' small'); agg[key] = agg[key] ?? {n:0, ms:0}; agg[key].n++; agg[key].ms += k.kernelTimeMs; }
for (const [k, v] of Object.entries(agg).sort((a,b)=>b[1].ms-a[1].ms).slice(0, 30)) console.log(k.padEnd(45), v.n, v.ms.toFixed(1));
