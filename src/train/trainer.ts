/**
 * One trial in the current thread: backend, data, model (or fused model from a parent
 * checkpoint), Adam on the proxy budget, validation. Every tensor it creates is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/index.js';
import { webgpuDeviceLost } from '../backend/webgpu/index.js';
import { ArchitectureError, TrialError } from '../errors.js';
import { loadDataset, normaliseBatch, range, splitTraining, type Dataset } from '../data/index.js';
import { makeRng, shuffleInPlace } from '../util/random.js';
import { evaluate } from './evaluate.js';
import { exportDeployed, initFromParent } from './fusion/index.js';
import { loadCheckpoint, saveModel } from './io/checkpoint.js';
import { buildModel, type TrainableModel } from './model/build.js';
import { learningRateAt, planSteps } from './schedule.js';
import { makeAdam, trainingLoss } from './step-ops.js';
import type { ArchSpec, TrainRequest, TrainResult } from './types.js';

export interface TrainProgress {
  trialId: string;
  step: number;
  totalSteps: number;
  epoch: number;
  /** Mean training loss since the previous report. */
  loss: number;
}

export interface TrainHooks {
  /** Called at each loss-curve point (about 20 per trial). */
  onProgress?: (progress: TrainProgress) => void;
  /** Polled between steps: returning true stops the trial with a TrialError. */
  shouldStop?: () => boolean;
}

function checkDataFits(arch: ArchSpec, dataset: Dataset): void {
  if (arch.inputShape.join('x') !== dataset.inputShape.join('x') || arch.classes !== dataset.classes) {
    throw new ArchitectureError(
      `architecture ${arch.label || ''} expects ${arch.inputShape.join('x')} inputs and ${arch.classes} classes; ` +
        `dataset ${dataset.name} has ${dataset.inputShape.join('x')} and ${dataset.classes}`,
    );
  }
}

async function prepareModel(request: TrainRequest): Promise<TrainableModel> {
  if (request.parentCheckpoint === undefined || request.arch.init === 'scratch') {
    return buildModel(request.arch, { seed: request.seed });
  }
  const parent = await loadCheckpoint(request.parentCheckpoint);
  const child = buildModel(request.arch, { seed: request.seed });
  try {
    initFromParent(child, parent);
  } catch (error) {
    child.model.dispose();
    throw error;
  } finally {
    parent.model.dispose();
  }
  return child;
}

/** A lost GPU device fails the trial with its reason (the next trial makes a new device). */
function throwIfDeviceLost(trialId: string, cause?: unknown): void {
  const lost = webgpuDeviceLost();
  if (lost !== null) throw new TrialError(`trial ${trialId} failed: the GPU device was lost (${lost})`, { cause });
}

/** Trains one candidate on its proxy budget and reports validation accuracy. */
export async function train(request: TrainRequest, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = performance.now();
  const backend = await initBackend(request.backend);
  const dataset = loadDataset(request.data.dataset, request.data.dir === '' ? undefined : request.data.dir, request.data.hash);
  checkDataFits(request.arch, dataset);
  const { budget } = request;
  const split = splitTraining(dataset.train.count, {
    validationSize: budget.validationSize,
    trainSubset: budget.trainSubset,
    splitSeed: request.splitSeed ?? 0,
    subsetSeed: request.subsetSeed ?? request.splitSeed ?? 0,
  });
  const plan = planSteps(budget, split.train.length);
  const built = await prepareModel(request);
  const { model } = built;
  const optimizer = makeAdam(budget.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const [h, w, c] = dataset.inputShape;
  const rng = makeRng(`shuffle:${request.seed}`);
  const order = range(split.train.length);
  const lossCurve: number[] = [];
  const lossCurveSteps: number[] = [];
  let imagesSeen = 0;
  let trainSeconds = 0;
  try {
    let windowLoss = 0;
    let windowSteps = 0;
    for (let step = 0; step < plan.totalSteps; step++) {
      if (hooks.shouldStop?.()) throw new TrialError(`trial ${request.trialId} was cancelled at step ${step}`);
      if (backend === 'webgpu') throwIfDeviceLost(request.trialId);
      const epoch = Math.floor(step / plan.stepsPerEpoch);
      const inEpoch = step % plan.stepsPerEpoch;
      if (inEpoch === 0) shuffleInPlace(order, rng);
      const batch = order.subarray(inEpoch * budget.batchSize, Math.min(order.length, (inEpoch + 1) * budget.batchSize));
      const indices = Array.from(batch, (i) => split.train[i]!);
      const { x, y } = normaliseBatch(dataset, dataset.train, indices);
      const t0 = performance.now();
      optimizer.learningRate = learningRateAt(budget, step, plan.totalSteps);
      const lossTensor = tf.tidy(() => {
        const xs = tf.tensor4d(x, [indices.length, h, w, c]);
        const ys = tf.oneHot(tf.tensor1d(y, 'int32'), dataset.classes);
        return optimizer.minimize(() => {
          const logits = model.apply(xs, { training: true }) as tf.Tensor;
          return trainingLoss(ys, logits);
        }, true, variables)!;
      });
      let loss: number;
      try {
        loss = (await lossTensor.data())[0]!;
      } finally {
        lossTensor.dispose();
      }
      trainSeconds += (performance.now() - t0) / 1000;
      imagesSeen += indices.length;
      if (!Number.isFinite(loss)) {
        throw new TrialError(`trial ${request.trialId} diverged: training loss ${loss} at step ${step} (try a lower learning rate)`);
      }
      windowLoss += loss;
      windowSteps += 1;
      if ((step + 1) % plan.logEvery === 0 || step + 1 === plan.totalSteps) {
        const mean = windowLoss / windowSteps;
        lossCurve.push(mean);
        lossCurveSteps.push(step + 1);
        hooks.onProgress?.({ trialId: request.trialId, step: step + 1, totalSteps: plan.totalSteps, epoch, loss: mean });
        windowLoss = 0;
        windowSteps = 0;
      }
    }
    const val = await evaluate(model, dataset, dataset.train, split.validation);
    const test = request.evaluateTest ? await evaluate(model, dataset, dataset.test, range(dataset.test.count)) : undefined;
    const fused = built.fused;
    let deployedParams = built.trainableParams;
    let checkpoint: string | undefined;
    if (fused || request.saveTo !== undefined) {
      const deployed = fused ? exportDeployed(built, request.seed) : built;
      deployedParams = deployed.trainableParams;
      try {
        if (request.saveTo !== undefined) {
          checkpoint = await saveModel(deployed, request.saveTo, { trialId: request.trialId, seed: request.seed });
        }
      } finally {
        if (deployed !== built) deployed.model.dispose();
      }
    }
    return {
      trialId: request.trialId,
      valAccuracy: val.accuracy,
      valLoss: val.loss,
      ...(test === undefined ? {} : { testAccuracy: test.accuracy }),
      lossCurve,
      lossCurveSteps,
      wallSeconds: (performance.now() - started) / 1000,
      imagesPerSecond: trainSeconds > 0 ? imagesSeen / trainSeconds : 0,
      imagesSeen,
      backend,
      trainableParams: built.trainableParams,
      deployedParams,
      ...(checkpoint === undefined ? {} : { checkpoint }),
    };
  } catch (error) {
    if (backend === 'webgpu') throwIfDeviceLost(request.trialId, error);
    throw error;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
