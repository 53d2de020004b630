/**
 * Saving and loading trained models (TensorFlow.js layers format in a directory). The
 * architecture travels in the model's user-defined metadata so a checkpoint can be rebuilt
 * into a TrainableModel (fusion parents, export).
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../arch/types.js';
import { countTrainable, type TrainableModel } from '../model/build.js';
import '../model/layers.js';
import { CheckpointError, fileSystemHandler, MODEL_FILE } from './fs-handler.js';

export interface CheckpointMetadata {
  arch?: ArchSpec;
  [key: string]: unknown;
}

/** Saves a model (model.json + weights.bin) to `dir`, creating it. */
export async function saveModel(
  model: tf.LayersModel | TrainableModel,
  dir: string,
  metadata: CheckpointMetadata = {},
): Promise<string> {
  const layers = model instanceof tf.LayersModel ? model : model.model;
  const arch = model instanceof tf.LayersModel ? metadata.arch : model.arch;
  layers.setUserDefinedMetadata({ ...metadata, ...(arch === undefined ? {} : { arch }) });
  await layers.save(fileSystemHandler(dir));
  return dir;
}

/** Loads a model saved by saveModel (or any TF.js layers model directory). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(fileSystemHandler(dir));
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(
      `${dir}/${MODEL_FILE}: cannot be rebuilt into a model (${String((error as Error).message).split('\n')[0]!}); the checkpoint is damaged: restore that folder from a backup, or train the trial again`,
      { cause: error },
    );
  }
}

/** Loads a checkpoint together with the architecture it was saved with. */
export async function loadCheckpoint(dir: string): Promise<TrainableModel> {
  const model = await loadModel(dir);
  const meta = model.getUserDefinedMetadata() as CheckpointMetadata | undefined;
  if (meta?.arch === undefined) {
    model.dispose();
    throw new CheckpointError(`${dir}/${MODEL_FILE}: no architecture in the model metadata (not saved by spin-nas); restore that folder from a backup, or train the trial again`);
  }
  const fused = model.weights.some((w) => /_m\d+$/.test(w.originalName));
  return { arch: meta.arch, model, trainableParams: countTrainable(model), fused };
}
