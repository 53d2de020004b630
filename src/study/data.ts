/**
 * A study's per-trial data: one compact row per training (trials and fusion parents) of every
 * unit, in plan order. It is what the study commits (JSON lines) and all that the results
 * are computed from, so `study --from-data` rebuilds every table and plot from it alone.
 */
import { imagesSeen } from '../space/index.js';
import { trainingFlops } from '../store/compute.js';
import { InputFileError } from '../errors.js';
import { costOf, parentArch, toArchSpec } from '../arch/index.js';
import type { ArchSpec } from '../arch/types.js';
import type { ProxyBudget, SearchSpace } from '../space/types.js';
import type { RunDocument } from '../store/index.js';
import type { TrainResult } from '../train/types.js';
import type { StudyPlan } from './units.js';

export interface TrialRow {
  unit: string;
  experiment: string;
  kind: string;
  /** The unit's seed (initialisation, data order and the per-seed training subset). */
  seed: number;
  /** Order within the unit; parents come after the trials. */
  number: number;
  /** 'trial' or 'parent' (a fusion parent, trained once per backbone per unit). */
  role: 'trial' | 'parent';
  hash: string;
  label: string;
  /** The ConvMixer block: 'pointwise-residual' (ml-spin's WSConvMixerBlock) or 'original'. */
  block: string;
  genome: number[];
  params: number;
  trainingParams: number;
  flops: number;
  budget: Pick<ProxyBudget, 'epochs' | 'trainSubset' | 'validationSize' | 'batchSize'> & { maxSteps?: number };
  state: 'done' | 'failed';
  imagesSeen: number;
  /** Fused trials: the hash and images seen of the parent whose training they inherit. */
  parentHash?: string;
  parentImagesSeen?: number;
  valAccuracy: number | null;
  testAccuracy?: number;
  wallSeconds: number;
  /** The backend that trained it, 'synthetic' when nothing was (absent in rows written before it was recorded). */
  backend?: string;
}

/** Training FLOPs of a row: its images seen, or (failed) its budget's images, as the search charges it. */
export function rowCompute(r: TrialRow): number {
  return trainingFlops(r.flops, r.state === 'done' ? r.imagesSeen : imagesSeen({ ...r.budget, learningRate: 0, schedule: 'constant' }));
}

export function blockOf(space: SearchSpace): string {
  if (space.backbone.family !== 'convmixer') return space.backbone.family;
  return space.backbone.pointwiseResidual ? 'pointwise-residual' : 'original';
}

/**
 * The rows of every started unit, trials in creation order, then the unit's parents by hash;
 * a unit without a stored run takes its rows from `restored` (a finished unit's committed rows).
 */
export function rowsFromDocs(plan: StudyPlan, docs: Map<string, RunDocument>, space: SearchSpace, restored?: ReadonlyMap<string, readonly TrialRow[]>): TrialRow[] {
  const rows: TrialRow[] = [];
  const block = blockOf(space);
  for (const unit of plan.units) {
    const doc = docs.get(unit.name);
    if (!doc) {
      rows.push(...(restored?.get(unit.name) ?? []));
      continue;
    }
    const budget = doc.config.rungs[0]!;
    const shortBudget = { epochs: budget.epochs, trainSubset: budget.trainSubset, validationSize: budget.validationSize, batchSize: budget.batchSize, ...(budget.maxSteps !== undefined ? { maxSteps: budget.maxSteps } : {}) };
    const base = { unit: unit.name, experiment: unit.experiment, kind: unit.kind, seed: unit.seed, block, budget: shortBudget };
    const parents = doc.parents;
    const parentArchs = new Map<string, ArchSpec>();
    const trials = [...doc.trials].filter((t) => t.state === 'done' || t.state === 'failed').sort((a, b) => a.number - b.number);
    for (const t of trials) {
      const arch = toArchSpec(space, t.genome);
      const pa = arch.init === 'scratch' ? undefined : parentArch(arch);
      if (pa) parentArchs.set(pa.hash, pa);
      const parent = pa ? parents[pa.hash] : undefined;
      rows.push({
        ...base,
        number: t.number,
        role: 'trial',
        hash: t.hash,
        label: t.label,
        genome: t.genome,
        params: t.cost.params,
        trainingParams: t.cost.trainingParams,
        flops: t.cost.flops,
        state: t.state === 'done' && t.result ? 'done' : 'failed',
        imagesSeen: t.result?.imagesSeen ?? 0,
        ...(parent ? { parentHash: parent.hash, parentImagesSeen: parent.result?.imagesSeen ?? 0 } : {}),
        valAccuracy: t.result?.valAccuracy ?? null,
        ...(t.result?.testAccuracy !== undefined ? { testAccuracy: t.result.testAccuracy } : {}),
        wallSeconds: t.result?.wallSeconds ?? 0,
        ...backendOf(t.result, t.backend),
      });
    }
    const parentList = Object.values(parents).filter((p) => p.state === 'done' && p.result).sort((a, b) => (a.hash < b.hash ? -1 : 1));
    parentList.forEach((p, i) => {
      const pa = parentArchs.get(p.hash);
      const cost = pa ? costOf(pa) : { params: p.result!.trainableParams, trainingParams: p.result!.trainableParams, flops: 0 };
      rows.push({
        ...base,
        number: trials.length + i,
        role: 'parent',
        hash: p.hash,
        label: p.label,
        genome: [],
        params: cost.params,
        trainingParams: cost.trainingParams,
        flops: cost.flops,
        state: 'done',
        imagesSeen: p.result!.imagesSeen,
        valAccuracy: p.result!.valAccuracy,
        wallSeconds: p.result!.wallSeconds,
        ...backendOf(p.result, undefined),
      });
    });
  }
  return rows;
}

/** What trained a row: its result's backend, or 'synthetic' when nothing was trained (`--trainer synthetic`). */
function backendOf(result: TrainResult | undefined, fallback: string | undefined): Pick<TrialRow, 'backend'> {
  const backend = result?.synthetic ? 'synthetic' : (result?.backend ?? fallback);
  return backend === undefined ? {} : { backend };
}

/** JSON lines, one row each, keys in a fixed order (byte-stable for the same rows). */
export function rowsToJsonl(rows: readonly TrialRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
}

const REQUIRED: (keyof TrialRow)[] = ['unit', 'experiment', 'kind', 'seed', 'number', 'role', 'hash', 'label', 'genome', 'params', 'budget', 'state', 'imagesSeen', 'valAccuracy', 'wallSeconds'];

export function rowsFromJsonl(text: string, file: string): TrialRow[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new InputFileError(file, `line ${i + 1}`, line.slice(0, 40), 'each line must be one JSON object, as `spin-nas study` writes it', `is not JSON (${(error as Error).message})`);
      }
      const row = value as Record<string, unknown>;
      const missing = REQUIRED.find((k) => row === null || typeof row !== 'object' || !(k in row));
      if (missing !== undefined) throw new InputFileError(file, `line ${i + 1}.${missing}`, undefined, 'rewrite the file with `spin-nas study <file> --report-only`', 'is missing');
      return row as unknown as TrialRow;
    });
}
