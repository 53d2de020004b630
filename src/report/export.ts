/**
 * `spin-nas export`: writes a trial's trained model to a folder in the TensorFlow.js layers
 * format (model.json + weights.bin) and checks that it loads back and computes the same
 * outputs as the trained model. A weight-fusion model still holding its unshared members is
 * reduced first, so the export holds only the shared tensors; a ConvMixer is then rebuilt
 * from standard TensorFlow.js layers (one layer object per shared weight set), so plain
 * `tf.loadLayersModel` loads it. A ViT keeps spin-nas's attention/MLP layer classes (no
 * standard layer computes multi-head attention): loading it needs `import 'spin-nas/layers'`
 * first. This is an edge: TensorFlow.js and files.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/index.js';
import { SpinError, UsageError } from '../errors.js';
import type { RunSnapshot } from '../store/types.js';
import { countTrainable, exportDeployed, loadCheckpoint, loadModel, saveModel, type TrainableModel } from '../train/index.js';
import { customLayerClasses, toStandardModel } from '../train/export/standard.js';
import { assertCheckpointOf, findExportable } from './exportable.js';

/** What a program imports to register the layer classes a ViT export needs. */
export const VIT_LAYERS_IMPORT = 'spin-nas/layers';

export interface ExportSummary {
  trial: string;
  label: string;
  from: string;
  to: string;
  params: number;
  /** True when the checkpoint held fused (unshared) members that were reduced for export. */
  reduced: boolean;
  files: { name: string; bytes: number }[];
  /** Custom (spin-nas) layer classes the export needs at load time; empty when plain TensorFlow.js loads it. */
  customLayers: string[];
  /** One line on how to load the export. */
  loadHint: string;
}

export async function exportTrialModel(snapshot: RunSnapshot, trialId: string, outDir: string): Promise<ExportSummary> {
  const { trial, checkpoint } = findExportable(snapshot, trialId);
  await checkTarget(outDir);
  // Export is one forward pass for the check: the plain CPU backend is enough and always there.
  await initBackend('cpu');
  const loaded = await loadCheckpoint(checkpoint);
  let deployed: TrainableModel = loaded;
  let standard: TrainableModel | null = null;
  try {
    assertCheckpointOf(checkpoint, loaded.arch, trial);
    if (loaded.fused) deployed = exportDeployed(loaded, trial.seed);
    standard = toStandardModel(deployed);
    const written = standard ?? deployed;
    const customLayers = customLayerClasses(written.model);
    await saveModel(written, outDir, {
      trialId: trial.id,
      seed: trial.seed,
      run: snapshot.name,
      label: trial.label,
      ...(customLayers.length > 0 ? { loadWith: `import '${VIT_LAYERS_IMPORT}' (registers ${customLayers.join(', ')})` } : {}),
    });
    // Checked against the model as trained (before the standard-layer rebuild).
    await verify(deployed.model, outDir);
    const files = await Promise.all(
      (await readdir(outDir)).sort().map(async (name) => ({ name, bytes: (await stat(join(outDir, name))).size })),
    );
    return {
      trial: trial.id,
      label: trial.label,
      from: checkpoint,
      to: outDir,
      params: countTrainable(written.model),
      reduced: loaded.fused,
      files,
      customLayers,
      loadHint:
        customLayers.length === 0
          ? 'load it with tf.loadLayersModel: standard TensorFlow.js layers only, no spin-nas import needed'
          : `load it with tf.loadLayersModel after \`import '${VIT_LAYERS_IMPORT}'\` (registers ${customLayers.join(', ')}: ` +
            'TensorFlow.js has no standard multi-head attention layer)',
    };
  } finally {
    standard?.model.dispose();
    if (deployed !== loaded) deployed.model.dispose();
    loaded.model.dispose();
  }
}

/** The export folder must be new, empty, or a previous export (model.json + weights.bin only). */
async function checkTarget(outDir: string): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(outDir);
    if (!info.isDirectory()) throw new UsageError(`--out ${outDir}: is a file, not a folder; pass a new folder, e.g. --out exported/model`);
    entries = await readdir(outDir);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`--out ${outDir}: cannot be used (${(error as Error).message})`, { cause: error });
  }
  const foreign = entries.filter((name) => name !== 'model.json' && name !== 'weights.bin');
  if (foreign.length > 0) {
    throw new UsageError(`--out ${outDir}: the folder holds other files (${foreign.slice(0, 3).join(', ')}); pass a new or empty folder`);
  }
}

/** Largest logit difference accepted between the export and the trained model, relative to max(1, |logit|). */
export const EXPORT_TOLERANCE = 1e-5;

/** Loads the export back and checks it computes what the model it was saved from computes. */
async function verify(model: tf.LayersModel, outDir: string): Promise<void> {
  const reloaded = await loadModel(outDir);
  try {
    const shape = model.inputs[0]!.shape.map((d) => d ?? 1);
    const diff = tf.tidy(() => {
      const x = tf.randomUniform(shape, 0, 1, 'float32', 7);
      const a = model.predict(x) as tf.Tensor;
      const b = reloaded.predict(x) as tf.Tensor;
      const scale = Math.max(1, tf.max(tf.abs(a)).dataSync()[0]!);
      return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / scale;
    });
    if (!(diff <= EXPORT_TOLERANCE)) {
      throw new SpinError(`${outDir}: the exported model does not reproduce the trained one (max relative difference ${diff}); please report it`);
    }
  } finally {
    reloaded.dispose();
  }
}
