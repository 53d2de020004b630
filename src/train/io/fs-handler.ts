/**
 * A TensorFlow.js IOHandler over a directory: `model.json` (topology + weights manifest)
 * and `weights.bin`, the standard TensorFlow.js layers format. Pure @tensorflow/tfjs has
 * no file:// handler, so this one is used for save and load.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SpinError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

function toBuffer(data: tf.io.WeightData | undefined): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  const joined = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
  return Buffer.from(joined);
}

const CHECKPOINT_FIX = 'the checkpoint is damaged: restore that folder from a backup, or train the trial again in a run that keeps its weights';

/** A checkpoint that cannot be loaded is bad input (exit 2): the message names the file and the fix. */
export class CheckpointError extends UsageError {}

export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new SpinError(`${dir}: cannot save a binary model topology`);
      }
      const weights = toBuffer(artifacts.weightData);
      const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }];
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: manifest,
        ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      await writeFileAtomic(join(dir, WEIGHTS_FILE), weights);
      await writeFileAtomic(join(dir, MODEL_FILE), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_FILE);
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        throw new CheckpointError(`${jsonPath}: cannot read the saved model (${(error as Error).message}); ${CHECKPOINT_FIX}`, { cause: error });
      }
      if (json === null || typeof json !== 'object' || json.modelTopology === undefined || !Array.isArray(json.weightsManifest)) {
        throw new CheckpointError(`${jsonPath}: not a TensorFlow.js layers model (modelTopology or weightsManifest missing); ${CHECKPOINT_FIX}`);
      }
      // Weight files are named by model.json: only plain names beside it are read.
      for (const group of json.weightsManifest) {
        for (const p of Array.isArray(group?.paths) ? group.paths : [null]) {
          if (typeof p !== 'string' || !/^[\w.-]+$/.test(p) || p === '.' || p === '..') {
            throw new CheckpointError(`${jsonPath}: field weightsManifest paths: got ${JSON.stringify(p)}, not a file name beside model.json; ${CHECKPOINT_FIX}`);
          }
        }
      }
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = await Promise.all(manifest.flatMap((group) => group.paths.map(async (p) => {
          const file = join(dir, p);
          try {
            return await readFile(file);
          } catch (error) {
            throw new CheckpointError(`${file}: cannot read the model weights (${(error as Error).message}); ${CHECKPOINT_FIX}`, { cause: error });
          }
        })));
        const data = Buffer.concat(buffers);
        const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
        if (data.length !== expected) {
          throw new CheckpointError(`${join(dir, WEIGHTS_FILE)}: ${data.length} bytes of weights, ${expected} expected (truncated or from another model); ${CHECKPOINT_FIX}`);
        }
        return [specs, data.buffer.slice(data.byteOffset, data.byteOffset + data.length)];
      });
    },
  };
}
