import * as tf from '@tensorflow/tfjs';
const { initBackend } = await import('../dist/src/backend/index.js');
const { buildModel } = await import('../dist/src/train/index.js');
await initBackend('wasm');
const arch = { family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 128, depth: 8, patch: 2, kernel: 5, pointwiseResidual: false, sharing: { assignment: {}, sets: {} }, init: 'scratch', hash: '', parentHash: '', label: 'x' };
const { model } = buildModel(arch, { seed: 1 });
const xs = tf.randomNormal([64, 28, 28, 1]); const ys = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10);
const opt = tf.train.adam(1e-3); const vars = model.trainableWeights.map((v) => v.read());
const step = async () => { const l = tf.tidy(() => opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true })), true, vars)); await l.data(); l.dispose(); };
const modes = (process.env.AB ?? 'off,on').split(',');
const cpu = Object.fromEntries(modes.map((m) => [m, []]));
for (const m of modes) { process.env.SPIN_WASM_SIMD = m; await step(); }
for (let round = 0; round < Number(process.env.ROUNDS ?? 4); round++) for (const m of modes) {
  process.env.SPIN_WASM_SIMD = m;
  const c0 = process.cpuUsage(); await step(); const c = process.cpuUsage(c0);
  cpu[m].push((c.user + c.system) / 1000);
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
for (const m of modes) console.log(m, 'median CPU ms/step', med(cpu[m]).toFixed(0), 'images/CPU-s', (64000 / med(cpu[m])).toFixed(1), 'all:', cpu[m].map((v) => v.toFixed(0)).join(' '));
