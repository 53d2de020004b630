/**
 * The strategy contract (ask/tell). A strategy proposes genomes in batches and learns from
 * their evaluations; it never trains, stores or schedules anything. It draws randomness
 * only from the injected generator (whose state the search stores), and keeps everything
 * else it needs in `state()`, a JSON value the run store saves, so a resumed run continues
 * exactly. Genomes are handled only through `GenomeOps`, so the same strategy works on any
 * space (the sharing space, or a test space in benchmarks).
 */
import { SpinError } from '../../errors.js';
import type { Genome } from '../../space/types.js';
import type { Rng } from '../../util/random.js';

/** The genome operators of a space. */
export interface GenomeOps {
  /** A uniformly sampled valid genome. */
  sample(rng: Rng): Genome;
  /** A valid genome near `genome`. */
  mutate(genome: Genome, rng: Rng): Genome;
  /** A valid genome mixing `a` and `b`. */
  crossover(a: Genome, b: Genome, rng: Rng): Genome;
  /** Null when valid, else what is wrong. */
  validate(genome: Genome): string | null;
  /** Stable identity of the genome's canonical form (two genomes with one key are one model). */
  key(genome: Genome): string;
  /** How many choices each gene has (gene i takes 0..cardinalities[i]-1), where the space states it. */
  readonly cardinalities?: readonly number[];
}

export interface StrategyContext {
  ops: GenomeOps;
  rng: Rng;
  /** Number of objectives in each evaluation's `values`. */
  objectives: number;
  /** Free-form options (e.g. population size), from the CLI or a test. */
  options: Record<string, unknown>;
}

export interface Proposal {
  genome: Genome;
  /** Bookkeeping stamped into the trial record (e.g. generation). JSON only. */
  meta?: Record<string, unknown>;
}

export interface Evaluation {
  genome: Genome;
  key: string;
  /**
   * Objective values, all minimised and normalised (accuracy as 1 - accuracy, cost as a
   * fraction of the run's scale); null when the trial failed.
   */
  values: number[] | null;
  /** 0 when the constraints hold, else the summed relative excess over them. */
  violation: number;
  meta?: Record<string, unknown>;
  /**
   * What evaluating it cost: its trainings (training FLOPs = 3 x forward FLOPs x images,
   * images, trainer-seconds), plus its fusion parent's training when this evaluation is the
   * one that made the parent train. Set by the search; absent in benchmarks and tests.
   */
  compute?: { flops: number; images: number; seconds: number; trainings: number };
}

export interface Strategy {
  readonly name: string;
  /** Proposes up to `n` genomes (fewer is allowed; none means "nothing now"). */
  ask(n: number): Proposal[];
  /** Reports finished evaluations of earlier proposals (in any order, possibly batched). */
  tell(evaluations: Evaluation[]): void;
  /** A JSON value capturing everything needed to continue (besides the generator). */
  state(): unknown;
  /** Continues from a value `state()` returned, on a freshly created strategy. */
  restore(state: unknown): void;
}

export type StrategyFactory = (context: StrategyContext) => Strategy;

/** A strategy (usually a user plug-in) misbehaved. Stops the run cleanly; exit code 2. */
export class StrategyError extends SpinError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 2, ...options });
  }
}

/** Integer option with default and bounds, or a StrategyError naming it. */
export function intOption(options: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new StrategyError(`strategy option ${name}: got ${JSON.stringify(value)}; use an integer >= ${min}`);
  }
  return value;
}
