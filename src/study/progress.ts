/**
 * A study's progress measured in work, not in trials (pure). A study mixes 4-epoch trainings
 * of its largest model with proxy trainings a hundred times cheaper, so "trials left" says
 * little about time left. A training's work is FLOPs × (3 × training images + validation
 * images), the measure scripts/estimate-study.mjs uses (a backward pass costs about two
 * forward passes); a fused model adds its parent's training. Trials that are not known
 * before they run (searches, test retrains) count at the mean of the study's fixed ones; a
 * search with a compute budget (maxCompute) plans at most that compute, and a unit, once it
 * has ended, counts for the work it did (a search stopped by its budget does fewer trainings
 * than its trial count).
 */
import { costOf, parentArch, toArchSpec } from '../arch/index.js';
import { imagesSeen } from '../space/index.js';
import type { Genome, ProxyBudget, SearchSpace } from '../space/types.js';
import type { StudyPlan, StudyUnit } from './units.js';

/** FLOPs x (3 x images trained + images only evaluated): a backward pass costs about two forward passes. */
export function work(flops: number, trainedImages: number, evaluatedImages: number): number {
  return flops * (3 * trainedImages + evaluatedImages);
}

export function trainingWork(flops: number, budget: ProxyBudget): number {
  return work(flops, imagesSeen(budget), budget.validationSize);
}

function genomeWork(space: SearchSpace, genome: Genome, budget: ProxyBudget): number {
  const arch = toArchSpec(space, genome);
  const own = trainingWork(costOf(arch).flops, budget);
  return arch.init === 'scratch' ? own : own + trainingWork(costOf(parentArch(arch)).flops, budget);
}

export class StudyWork {
  private readonly perTrial = new Map<string, number>();
  /** Work each unit is planned at, and what it has done (in this invocation or before it). */
  private readonly planned = new Map<string, number>();
  private readonly did = new Map<string, number>();
  private readonly meanFlops: number;
  private total = 0;
  private done = 0;
  private fresh = 0;

  constructor(
    plan: StudyPlan,
    private readonly space: SearchSpace,
  ) {
    const flops = plan.units.flatMap((u) => (u.genomes ?? []).map((g) => costOf(toArchSpec(space, g)).flops));
    this.meanFlops = flops.length > 0 ? flops.reduce((a, b) => a + b, 0) / flops.length : 0;
    for (const u of plan.units) this.plan(u);
  }

  /** A unit as it starts: test units are sized only then (their picks come from the results). */
  started(unit: StudyUnit): void {
    if (!this.perTrial.has(unit.name) || this.perTrial.get(unit.name) === 0) this.plan(unit);
  }

  /** Trials a resumed unit had finished before this invocation: done, but not timed now. */
  resumed(unit: string, trials: number): void {
    this.add(unit, trials * (this.perTrial.get(unit) ?? 0));
  }

  finished(unit: StudyUnit, genome: Genome): void {
    let work: number;
    try {
      work = genomeWork(this.space, genome, this.budgetOf(unit));
    } catch {
      work = this.perTrial.get(unit.name) ?? 0;
    }
    this.add(unit.name, work);
    this.fresh += work;
  }

  /** A unit ended with all it plans (units overlap, so only its end says so): its plan becomes what it did. */
  ended(unit: string): void {
    const did = this.did.get(unit) ?? 0;
    this.total += did - (this.planned.get(unit) ?? 0);
    this.planned.set(unit, did);
  }

  private add(unit: string, work: number): void {
    this.done += work;
    this.did.set(unit, (this.did.get(unit) ?? 0) + work);
  }

  /** Seconds left at the pace of the work done in this invocation; undefined before any. */
  etaSeconds(elapsedSeconds: number): number | undefined {
    if (this.fresh <= 0) return undefined;
    return Math.max(0, ((this.total - this.done) * elapsedSeconds) / this.fresh);
  }

  /** Share of the planned work done, 0..1. */
  fraction(): number {
    return this.total > 0 ? Math.min(1, this.done / this.total) : 1;
  }

  private budgetOf(u: StudyUnit): ProxyBudget {
    return { ...this.space.budget, ...u.budget };
  }

  private plan(u: StudyUnit): void {
    if (u.trials <= 0) return void this.perTrial.set(u.name, 0);
    const budget = this.budgetOf(u);
    let work = u.genomes && u.genomes.length > 0 ? u.genomes.reduce((n, g) => n + genomeWork(this.space, g, budget), 0) : u.trials * trainingWork(this.meanFlops, budget);
    if (u.maxCompute !== undefined) {
      // maxCompute counts training FLOPs (3 x forward x images); work adds the evaluations.
      const trained = imagesSeen(budget);
      work = Math.min(work, u.maxCompute * (1 + budget.validationSize / (3 * trained)));
    }
    this.perTrial.set(u.name, work / u.trials);
    this.total += work - (this.planned.get(u.name) ?? 0);
    this.planned.set(u.name, work);
  }
}
