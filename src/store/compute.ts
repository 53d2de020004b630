/**
 * Compute accounting (pure): what every training of a run cost. A training's FLOPs are
 * 3 x the forward FLOPs of one image x the images it saw (the backward pass counted as twice
 * the forward); trainer-seconds are the trainer's wall time. Trials keep their own charge
 * (`TrialRecord.compute`, every attempt), fusion parents theirs (`ParentRecord.compute`);
 * runs stored before the charges existed get them derived from their results.
 */
import type { ParentRecord } from './document.js';
import type { ComputeCharge, RunSnapshot, TrialRecord } from './types.js';

/** `--max-compute` is in training TFLOPs (10^12 FLOPs). */
export const COMPUTE_UNIT = 1e12;
export const COMPUTE_UNIT_NAME = 'TFLOP';

export function noCompute(): ComputeCharge {
  return { images: 0, flops: 0, seconds: 0, trainings: 0 };
}

export function trainingFlops(forwardFlops: number, images: number): number {
  return 3 * forwardFlops * images;
}

/** One training as measured: images and seconds from its result. */
export function measuredCharge(forwardFlops: number, result: { imagesSeen: number; wallSeconds: number }): ComputeCharge {
  const images = finite(result.imagesSeen);
  return { images, flops: trainingFlops(forwardFlops, images), seconds: finite(result.wallSeconds), trainings: 1 };
}

/**
 * One training that returned no result (failed, or lost with its worker): its images are
 * taken from the budget (an upper bound), its seconds as measured by the search (0 when unknown).
 */
export function estimatedCharge(forwardFlops: number, plannedImages: number, seconds: number): ComputeCharge {
  return { images: plannedImages, flops: trainingFlops(forwardFlops, plannedImages), seconds: finite(seconds), trainings: 1, estimated: 1 };
}

/** a + b (a new object). */
export function addCharge(a: ComputeCharge, b: ComputeCharge): ComputeCharge {
  const estimated = (a.estimated ?? 0) + (b.estimated ?? 0);
  return {
    images: a.images + b.images,
    flops: a.flops + b.flops,
    seconds: a.seconds + b.seconds,
    trainings: a.trainings + b.trainings,
    ...(estimated > 0 ? { estimated } : {}),
  };
}

/** A trial's charge: as recorded, else (older runs) derived from its result. */
export function trialCompute(t: TrialRecord): ComputeCharge {
  if (isCharge(t.compute)) return t.compute;
  if (t.state === 'done' && t.result) return measuredCharge(t.cost?.flops ?? 0, t.result);
  return noCompute();
}

/**
 * A fusion parent's charge: as recorded, else (older runs) derived from its result, with the
 * forward FLOPs of its own unshared trial when the run trained one (0 otherwise).
 */
export function parentCompute(p: ParentRecord, trials: readonly TrialRecord[]): ComputeCharge {
  if (isCharge(p.compute)) return p.compute;
  if (p.state !== 'done' || !p.result) return noCompute();
  const forward = trials.find((t) => t.hash === p.hash)?.cost?.flops ?? 0;
  return measuredCharge(forward, p.result);
}

export interface RunCompute {
  /** Everything: trials and fusion parents. */
  total: ComputeCharge;
  trials: ComputeCharge;
  parents: ComputeCharge;
  /** Per rung: the trials' charges. */
  rungs: { rung: number; compute: ComputeCharge }[];
  /** The run's `--max-compute` in training FLOPs, or null without one. */
  budget: number | null;
}

export function runCompute(snapshot: Pick<RunSnapshot, 'trials' | 'parents' | 'config'>): RunCompute {
  let trials = noCompute();
  const rungs = new Map<number, ComputeCharge>();
  for (const t of snapshot.trials) {
    const c = trialCompute(t);
    trials = addCharge(trials, c);
    rungs.set(t.rung, addCharge(rungs.get(t.rung) ?? noCompute(), c));
  }
  let parents = noCompute();
  for (const p of Object.values(snapshot.parents ?? {})) parents = addCharge(parents, parentCompute(p, snapshot.trials));
  const budget = snapshot.config['maxCompute'];
  return {
    total: addCharge(trials, parents),
    trials,
    parents,
    rungs: [...rungs].sort(([a], [b]) => a - b).map(([rung, compute]) => ({ rung, compute })),
    budget: typeof budget === 'number' && Number.isFinite(budget) ? budget : null,
  };
}

/** Training FLOPs in the run's unit, e.g. 1.5e12 -> "1.5 TFLOP" (3 significant digits). */
export function computeInWords(flops: number): string {
  const v = flops / COMPUTE_UNIT;
  const text = v === 0 ? '0' : v >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
  return `${text} ${COMPUTE_UNIT_NAME}`;
}

/** A charge in one line: "12.3 TFLOP, 45,000 images, 1.2 trainer-hours, 30 trainings (2 estimated)". */
export function chargeInWords(c: ComputeCharge): string {
  const hours = c.seconds / 3600;
  const time = hours >= 1 ? `${hours.toFixed(2)} trainer-hours` : `${c.seconds.toFixed(1)} trainer-seconds`;
  const est = c.estimated ? ` (${c.estimated} estimated from the budget: failed or lost)` : '';
  return `${computeInWords(c.flops)}, ${c.images.toLocaleString('en-US')} images, ${time}, ${c.trainings} training${c.trainings === 1 ? '' : 's'}${est}`;
}

function isCharge(value: unknown): value is ComputeCharge {
  const c = value as ComputeCharge | undefined;
  return typeof c === 'object' && c !== null && typeof c.flops === 'number' && typeof c.images === 'number' && typeof c.seconds === 'number';
}

function finite(value: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
