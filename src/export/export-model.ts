/**
 * `exportModel(run, trialId, { format, out, trainingForm })`: one trial's trained model as
 * TensorFlow.js layers files (`model`, the historical default), an ONNX graph (`onnx`) or a
 * PyTorch folder (`pytorch`: model.py + weights.npz + README.md). The one entry the CLI
 * (`spin-nas export`) and the library call. Requests are checked before any TensorFlow.js work;
 * a PyTorch folder is written under a temporary name and renamed, so a failed export leaves
 * nothing half-written, and nothing that exists is ever overwritten. This is an edge:
 * TensorFlow.js and files.
 */
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DATASETS } from '../data/datasets.js';
import { cachedOwnDataset } from '../data/own/index.js';
import { spinVersion } from '../distributed/manifest.js';
import { UsageError } from '../errors.js';
import { assertCheckpointOf, findExportable } from '../report/exportable.js';
import { loadRunSnapshot } from '../store/read.js';
import type { RunSnapshot, TrialRecord } from '../store/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { onnxModel, type ExportInfo } from './onnx/model.js';
import { encodeModel, ONNX_OPSET } from './onnx/proto.js';
import { parameterCount, toPortable, type ExportForm, type PortableModel } from './portable.js';
import { modelPy } from './pytorch/model-py.js';
import { npz, type NpyArray } from './pytorch/npz.js';
import { folderReadme } from './pytorch/readme.js';

export const MODEL_FORMATS = ['model', 'onnx', 'pytorch'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export interface ExportModelOptions {
  format: ModelFormat;
  /** `model` and `pytorch`: a new (or empty) folder; `onnx`: a new file, e.g. model.onnx. */
  out: string;
  /** `pytorch` only: a weight-fusion trial keeps its unshared members and reduction weights. */
  trainingForm?: boolean;
}

export interface ModelExportSummary {
  trial: string;
  label: string;
  format: ModelFormat;
  form: ExportForm;
  to: string;
  /** Parameters in the written model (shared weight sets counted once). */
  params: number;
  /** True when the checkpoint held fused members that were reduced to the shared tensors. */
  reduced: boolean;
  files: { name: string; bytes: number }[];
  /** One or two lines on how to load the export. */
  loadHint: string;
}

export function isModelFormat(value: string): value is ModelFormat {
  return (MODEL_FORMATS as readonly string[]).includes(value);
}

/** Exports trial `trialId` of `run` (a run folder or a loaded snapshot). */
export async function exportModel(run: string | RunSnapshot, trialId: string, options: ExportModelOptions): Promise<ModelExportSummary> {
  const { format, out } = options;
  if (!isModelFormat(format)) {
    throw new UsageError(`export format ${JSON.stringify(format)} does not exist; use model (TensorFlow.js), onnx (a .onnx file) or pytorch (a folder with model.py)`);
  }
  if (options.trainingForm === true && format !== 'pytorch') {
    throw new UsageError(`option --training-form: only with --format pytorch (got --format ${format}); ${format === 'onnx' ? 'ONNX holds the deployed model' : 'the TensorFlow.js export is the deployed model'}`);
  }
  const snapshot = typeof run === 'string' ? await loadRunSnapshot(run) : run;
  const { trial, checkpoint } = findExportable(snapshot, trialId);
  if (format === 'model') {
    const { exportTrialModel } = await import('../report/export.js');
    const s = await exportTrialModel(snapshot, trial.id, out);
    return { trial: s.trial, label: s.label, format, form: 'deployed', to: s.to, params: s.params, reduced: s.reduced, files: s.files, loadHint: s.loadHint };
  }
  await checkNewPath(out, format);
  const info = exportInfo(snapshot, trial);
  const models = await loadPortable(trial, checkpoint, format === 'pytorch' && options.trainingForm === true);
  const deployedParams = parameterCount(models.deployed.tensors);
  if (format === 'onnx') {
    const { proto, parameters } = onnxModel(models.deployed, info);
    const bytes = encodeModel(proto);
    await mkdir(dirname(out), { recursive: true });
    await writeFileAtomic(out, bytes);
    return {
      trial: trial.id, label: trial.label, format, form: 'deployed', to: out, params: parameters, reduced: models.reduced,
      files: [{ name: out, bytes: bytes.length }],
      loadHint: `ONNX opset ${ONNX_OPSET}: input "input" float32 NCHW [batch, ${channelsFirst(models.deployed)}] normalised (mean/std in the metadata), output "logits"; ` +
        'e.g. onnxruntime.InferenceSession(path).run(["logits"], {"input": x})',
    };
  }
  const written = models.training ?? models.deployed;
  const params = parameterCount(written.tensors);
  const files: [string, string | Uint8Array][] = [
    ['model.py', modelPy(written, info, params)],
    ['weights.npz', npz(stateDict(written))],
    ['README.md', folderReadme(written, info, params, deployedParams)],
  ];
  await writeFolder(out, files);
  return {
    trial: trial.id, label: trial.label, format, form: written.form, to: out, params, reduced: models.reduced && written.form === 'deployed',
    files: files.map(([name, data]) => ({ name, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length })),
    loadHint:
      `in Python: import sys; sys.path.insert(0, ${JSON.stringify(out)}); import model; m = model.load()  (PyTorch + NumPy only; see ${join(out, 'README.md')})` +
      (options.trainingForm === true && written.form === 'deployed' ? '\nthe trial was trained without weight fusion: its training form is the deployed model' : ''),
  };
}

function channelsFirst(m: PortableModel): string {
  const [h, w, c] = m.arch.inputShape;
  return `${c}, ${h}, ${w}`;
}

function exportInfo(snapshot: RunSnapshot, trial: TrialRecord): ExportInfo {
  const dataset = snapshot.space.dataset.name;
  // Own data was normalised with its training split's statistics, recorded in the decoded
  // copy beside the data; a built-in dataset with its catalogue's.
  const stats = snapshot.space.dataset.source !== undefined ? cachedOwnDataset(snapshot.space) ?? undefined : DATASETS[dataset];
  return {
    trial: trial.id,
    run: snapshot.name,
    ...(trial.result?.valAccuracy === undefined ? {} : { valAccuracy: trial.result.valAccuracy }),
    ...(trial.result?.testAccuracy === undefined ? {} : { testAccuracy: trial.result.testAccuracy }),
    dataset: { name: dataset, ...(stats === undefined ? {} : { stats: { mean: stats.mean, std: stats.std } }) },
    producerVersion: spinVersion(),
  };
}

/** The trial's model in the portable convention: deployed, and (when asked) the training form. */
async function loadPortable(
  trial: TrialRecord, checkpoint: string, trainingForm: boolean,
): Promise<{ deployed: PortableModel; training: PortableModel | null; reduced: boolean }> {
  // TensorFlow.js is loaded only here; a model export is a read of its weights (cpu backend).
  const { initBackend } = await import('../backend/index.js');
  const { exportDeployed, loadCheckpoint } = await import('../train/index.js');
  const { readWeights } = await import('../train/export/weights.js');
  await initBackend('cpu');
  const loaded = await loadCheckpoint(checkpoint);
  let deployed = loaded;
  try {
    assertCheckpointOf(checkpoint, loaded.arch, trial);
    if (loaded.fused) deployed = exportDeployed(loaded, trial.seed);
    return {
      deployed: toPortable(loaded.arch, readWeights(deployed.model), 'deployed'),
      training: trainingForm && loaded.fused ? toPortable(loaded.arch, readWeights(loaded.model), 'training') : null,
      reduced: loaded.fused,
    };
  } finally {
    if (deployed !== loaded) deployed.model.dispose();
    loaded.model.dispose();
  }
}

/** The state dict as numpy arrays, with each BatchNorm's num_batches_tracked (0) that PyTorch's state dict holds. */
function stateDict(m: PortableModel): [string, NpyArray][] {
  const out: [string, NpyArray][] = [];
  for (const [name, t] of m.tensors) {
    out.push([name, t]);
    if (name.endsWith('.running_var')) out.push([name.replace(/running_var$/, 'num_batches_tracked'), { shape: [], int64: 0n }]);
  }
  return out;
}

/** An export never overwrites: the ONNX file must not exist; the PyTorch folder must not exist or be empty. */
async function checkNewPath(out: string, format: 'onnx' | 'pytorch'): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(out)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`--out ${out}: cannot be used (${(error as Error).message})`, { cause: error });
  }
  if (format === 'pytorch' && isDir && (await readdir(out)).length === 0) return;
  const example = format === 'onnx' ? 'model.onnx' : 'exported/model-pytorch';
  throw new UsageError(`--out ${out}: already exists (spin-nas does not overwrite it); pass a new ${format === 'onnx' ? 'file' : 'folder'} path, e.g. --out ${example}, or remove it first`);
}

/** Writes the files into a temporary sibling folder, then renames it to `out`. */
async function writeFolder(out: string, files: [string, string | Uint8Array][]): Promise<void> {
  const partial = `${out.replace(/[/\\]+$/, '')}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    for (const [name, data] of files) await writeFileAtomic(join(partial, name), data);
    // `out` is absent or an empty folder (checked before); rmdir removes nothing else.
    await rmdir(out).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
