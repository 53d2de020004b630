/**
 * Running a study: every unit (see units.ts) is an ordinary search run under
 * runs/<study>/<unit>/, all sharing one trainer pool. Interrupted, the same command resumes:
 * finished units are left as they are, the unfinished one continues from its store. With its
 * store gone, a unit its committed per-trial data shows finished is taken from that data.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { checkDataset } from '../data/index.js';
import type { Executor, TrialHandle } from '../executor/contract.js';
import type { TrainRequest } from '../train/types.js';
import { aggregateRows } from './aggregate.js';
import { rowsFromDocs, type TrialRow } from './data.js';
import { unitComplete, unitRowsOf } from './restore.js';
import { runSearchSession, type SearchEvent, type TrainerKind } from '../search/index.js';
import type { ProxyBudget, SearchSpace } from '../space/types.js';
import { readRunDocument, type RunDocument } from '../store/index.js';
import type { BackendName } from '../train/types.js';
import { fixedListStrategy } from './fixed-strategy.js';
import { loadStudy, type LoadedStudy } from './load.js';
import { testUnitsResolved } from './test-set.js';
import { planStudy, type StudyPlan, type StudyUnit } from './units.js';

export interface StudyOptions {
  studyFile: string;
  runsDir?: string;
  workers?: number;
  backend?: BackendName | 'auto';
  dataDir?: string;
  trainer?: TrainerKind;
  /** Overrides the study's budget (e.g. a tiny budget for a smoke run). */
  budget?: Partial<ProxyBudget>;
  /** Overrides the executor (tests). */
  executor?: Executor;
  /** Train on `spin-nas worker` processes through Redis (each unit is its own run there). */
  redis?: { url: string; maxWeightsMb?: number };
  signal?: AbortSignal;
  /** `totalTrials`: trials of all units (fusion parents not included; test units once they are resolved). */
  onUnit?: (info: { unit: StudyUnit; index: number; count: number; totalTrials: number }) => void;
  /** The study as planned, before any unit runs. */
  onPlan?: (plan: StudyPlan, space: SearchSpace) => void;
  onEvent?: (unit: StudyUnit, event: SearchEvent) => void;
  /** A unit's run opened; `done`: trials it had finished before (when resuming). */
  onOpen?: (unit: StudyUnit, info: { created: boolean; done: number }) => void;
  /**
   * The study's committed per-trial data (its --data file, when it exists): a unit with no
   * stored run that these rows show finished is taken from them, not trained again.
   */
  committed?: { rows: readonly TrialRow[]; file: string };
  /** A unit's session ended with every trial it plans (not when interrupted). */
  onUnitEnd?: (unit: StudyUnit) => void;
  /**
   * Units in flight at once (default: 2 when the pool has two or more workers, else 1),
   * started in the study's order and sharing the pool, so that no worker idles at a unit's end.
   */
  unitsAtOnce?: number;
  /** A unit taken from the committed rows: `trials` its trial rows (a compute-capped search has fewer than its bound), `trainings` all its rows (parents too). */
  onRestored?: (info: { unit: StudyUnit; index: number; count: number; trials: number; trainings: number }) => void;
}

export interface StudyRun {
  loaded: LoadedStudy;
  plan: StudyPlan;
  /** The study's folder, runs/<study>. */
  dir: string;
  /** The stored document of every unit run, by unit name (only units that were started). */
  docs: Map<string, RunDocument>;
  /** The committed rows by unit: the rows of a unit with no document here (see rowsFromDocs). */
  committed: ReadonlyMap<string, readonly TrialRow[]>;
  interrupted: boolean;
  wallSeconds: number;
}

export async function runStudy(options: StudyOptions): Promise<StudyRun> {
  const started = Date.now();
  const loaded = loadStudy(options.studyFile);
  // A budget override changes the study budget itself, so derived budgets (the doubled
  // equal-compute one) follow it; experiments' own budget fields still apply on top.
  if (options.budget) loaded.study.budget = { ...loaded.study.budget, ...options.budget };
  const plan = planStudy(loaded.study, loaded.space);
  options.onPlan?.(plan, loaded.space);
  const dir = join(options.runsDir ?? 'runs', loaded.study.name);
  // Your own data (dataset.source) is decoded and checked by each unit's search session.
  if (!options.executor && !options.redis && options.trainer !== 'synthetic' && !loaded.space.dataset.source) checkDataset(loaded.space.dataset.name, options.dataDir);
  const executor = options.executor ?? (options.redis ? null : await makeExecutor(options));
  const docs = new Map<string, RunDocument>();
  const committed = options.committed ? unitRowsOf(plan, loaded.space, options.committed.rows, options.committed.file) : new Map<string, TrialRow[]>();
  // Each unit's search session listens to the one stop signal.
  if (options.signal) setMaxListeners(plan.units.length + 10, options.signal);
  let interrupted = false;
  let failure: { error: unknown } | undefined;
  let totalTrials = plan.units.reduce((n, u) => n + u.trials, 0);
  // Units start in the study's order, two in flight at once on a pool of two or more workers,
  // so no worker idles at a unit's end (a unit of one training would leave all but one idle).
  // A unit's trainings depend on its seed and architectures, not on timing.
  const slots = unitsAtOnce(options, executor);
  const running = new Set<Promise<void>>();
  try {
    for (const [index, planned] of plan.units.entries()) {
      // Test units retrain what the finished units picked: resolved from their results, once all have ended.
      if (planned.kind === 'test') await Promise.all(running);
      if (options.signal?.aborted || interrupted || failure) {
        interrupted ||= options.signal?.aborted === true;
        break;
      }
      const unit = planned.kind === 'test' ? resolveTestUnit(loaded, plan, docs, committed, planned) : planned;
      totalTrials += unit.trials - planned.trials;
      if (unit.trials === 0) continue;
      const saved = committed.get(unit.name);
      if (saved && unitComplete(unit, saved) && !(await readRunDocument(join(dir, unit.name)))) {
        options.onRestored?.({ unit, index, count: plan.units.length, trials: saved.filter((r) => r.role === 'trial').length, trainings: saved.length });
        continue;
      }
      options.onUnit?.({ unit, index, count: plan.units.length, totalTrials });
      const session = runSearchSession({
        spaceFile: loaded.spaceFile,
        name: unit.name,
        runsDir: dir,
        trials: Math.max(1, unit.trials),
        ...(unit.maxCompute !== undefined ? { maxCompute: unit.maxCompute } : {}),
        workers: executor && Number.isFinite(executor.capacity) ? executor.capacity : (options.workers ?? 2),
        seed: unit.seed,
        strategy: unit.strategy,
        ...(unit.genomes ? { strategyFactory: fixedListStrategy(unit.genomes) } : {}),
        budget: unit.budget,
        ...(executor ? { executor: sharedExecutor(executor) } : {}),
        ...(options.redis ? { redis: options.redis, trainer: options.trainer ?? 'local' } : {}),
        mapRequest: (request) => unitRequest(request, unit),
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        ...(options.backend ? { backend: options.backend } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onOpen: (info) => options.onOpen?.(unit, info),
        ...(options.onEvent ? { onEvent: (event: SearchEvent) => options.onEvent?.(unit, event) } : {}),
      });
      const task: Promise<void> = session
        .then(async (result) => {
          const doc = await readRunDocument(result.dir);
          if (doc) docs.set(unit.name, doc);
          if (result.outcome.interrupted) interrupted = true;
          else options.onUnitEnd?.(unit);
        })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= slots) await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    // A failed unit stops new ones from starting; the others end before the pool closes.
    await Promise.all(running);
    if (!options.executor) await executor?.close();
  }
  if (failure) throw failure.error;
  return { loaded, plan, dir, docs, committed, interrupted, wallSeconds: (Date.now() - started) / 1000 };
}

/** Units run at once: two on a pool of two or more workers (enough to fill a unit's tail), else one. */
function unitsAtOnce(options: StudyOptions, executor: Executor | null): number {
  if (options.unitsAtOnce !== undefined) return Math.max(1, options.unitsAtOnce);
  const capacity = executor ? executor.capacity : 1;
  return capacity >= 2 ? 2 : 1;
}

function resolveTestUnit(loaded: LoadedStudy, plan: StudyPlan, docs: Map<string, RunDocument>, committed: ReadonlyMap<string, readonly TrialRow[]>, unit: StudyUnit): StudyUnit {
  const results = aggregateRows(loaded.study, loaded.space, plan, rowsFromDocs(plan, docs, loaded.space, committed));
  const table = results.tables.find((t) => t.setting === 'equal total compute') ?? null;
  return testUnitsResolved({ ...plan, units: [unit] }, table)[0] as StudyUnit;
}

/**
 * The unit's seed draws its training subset (the validation images stay the same for every
 * trial of the study), and test units evaluate the test set.
 */
/** The study's one pool for a unit's session: the session never closes it. */
function sharedExecutor(executor: Executor): Executor & { readonly backend: BackendName | undefined } {
  return {
    name: executor.name,
    capacity: executor.capacity,
    // The session reads the resolved backend (wasm, tensorflow...) off the executor.
    get backend() {
      return (executor as Executor & { backend?: BackendName }).backend;
    },
    submit: (request: TrainRequest): TrialHandle => executor.submit(request),
    close: () => Promise.resolve(),
  };
}

/** A unit's requests draw their data subset with its seed; a test unit's trials read the test set. */
function unitRequest(request: TrainRequest, unit: StudyUnit): TrainRequest {
  // A fusion parent (ParentTrainer's `parent-<hash>` requests) never reads the test set.
  const test = unit.evaluateTest === true && !request.trialId.startsWith('parent-');
  return { ...request, subsetSeed: unit.seed, ...(test ? { evaluateTest: true } : {}) };
}

async function makeExecutor(options: StudyOptions): Promise<Executor> {
  if (options.trainer === 'synthetic') {
    const { SyntheticExecutor } = await import('../executor/synthetic.js');
    return new SyntheticExecutor({ delayMs: 0 });
  }
  const { LocalExecutor } = await import('../executor/local.js');
  return new LocalExecutor({
    backend: options.backend ?? 'auto',
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
}

/** The stored documents of the units of a study that have started (for `study --report-only`). */
export async function readStudyDocs(dir: string, plan: StudyPlan): Promise<Map<string, RunDocument>> {
  const docs = new Map<string, RunDocument>();
  for (const unit of plan.units) {
    const doc = await readRunDocument(join(dir, unit.name));
    if (doc) docs.set(unit.name, doc);
  }
  return docs;
}
