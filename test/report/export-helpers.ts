/** Helpers of the export tests: random trained-looking weights and a fresh plain-TF.js process. */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';

/** Every weight random (BN variances positive), so a wrongly copied tensor shows in the outputs. */
export function randomise(model: tf.LayersModel, seed: number): void {
  let n = seed;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[];
      const variance = /moving_variance/.test(w.name);
      return tf.randomUniform(shape, variance ? 0.5 : -0.5, variance ? 1.5 : 0.5, 'float32', n++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** A deterministic input batch of two images. */
export function probe(shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => tf.reshape(tf.sin(tf.mul(tf.range(0, 2 * size), 0.37)), [2, ...shape]));
}

export function outputs(model: tf.LayersModel, x: tf.Tensor): number[] {
  return tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
}

export function maxDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

/**
 * Loads `dir` in a new Node process that imports only @tensorflow/tfjs (cpu backend), plus
 * the modules in `imports`; returns its trainable parameter count and the outputs for probe().
 */
export function loadInFreshProcess(dir: string, imports: string[] = []): { params: number; out: number[] } | { error: string } {
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { readFileSync } from 'node:fs';
    ${imports.map((m) => `await import(${JSON.stringify(m)});`).join('\n')}
    const dir = process.argv[1];
    await tf.setBackend('cpu');
    try {
      const json = JSON.parse(readFileSync(dir + '/model.json', 'utf8'));
      const data = readFileSync(dir + '/weights.bin');
      const model = await tf.loadLayersModel(tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
      }));
      const params = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
      const shape = model.inputs[0].shape.slice(1);
      const size = shape.reduce((a, b) => a * b, 1);
      const x = tf.reshape(tf.sin(tf.mul(tf.range(0, 2 * size), 0.37)), [2, ...shape]);
      console.log('RESULT ' + JSON.stringify({ params, out: Array.from(model.predict(x).dataSync()) }));
    } catch (error) {
      console.log('RESULT ' + JSON.stringify({ error: String(error.message) }));
    }
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, dir], { encoding: 'utf8', timeout: 60_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`the fresh process printed no result (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as { params: number; out: number[] } | { error: string };
}
