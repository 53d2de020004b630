/**
 * A Parzen estimator over categorical genes (pure): a weighted mixture with one component
 * per observed genome plus a uniform prior component. Component i puts, on each gene, mass
 * (1 + p) on the observed choice and p on every other one (p = prior weight / (n + 1)), as
 * Optuna's TPE does for categorical parameters; genes are independent within a component and
 * the mixture couples them (Optuna's `multivariate=True`).
 */
import { randInt, type Rng } from '../../util/random.js';
import type { Genome } from '../../space/types.js';

export class CategoricalParzen {
  readonly #cards: readonly number[];
  readonly #points: readonly Genome[];
  /** Mixture weights, normalised, the prior component's last. */
  readonly #weights: Float64Array;
  /** Per gene: probability of the observed choice, and of any other choice. */
  readonly #hit: Float64Array;
  readonly #miss: Float64Array;

  constructor(cards: readonly number[], points: readonly Genome[], weights: readonly number[], priorWeight = 1) {
    this.#cards = cards;
    this.#points = points;
    const n = points.length;
    const all = [...weights, priorWeight];
    const total = all.reduce((a, b) => a + b, 0);
    this.#weights = Float64Array.from(all, (w) => w / total);
    const p = priorWeight / (n + 1);
    this.#hit = Float64Array.from(cards, (c) => (1 + p) / (1 + c * p));
    this.#miss = Float64Array.from(cards, (c) => p / (1 + c * p));
  }

  /** A genome drawn from the mixture (it may be invalid for the space: the caller checks). */
  sample(rng: Rng): Genome {
    const u = rng();
    let k = 0;
    let acc = this.#weights[0]!;
    while (u >= acc && k < this.#weights.length - 1) acc += this.#weights[++k]!;
    const point = this.#points[k];
    return this.#cards.map((c, g) => {
      if (point === undefined) return randInt(rng, c);
      // The observed choice with probability hit, else any choice uniformly (observed one included).
      const keep = this.#hit[g]! - this.#miss[g]!;
      return rng() < keep ? point[g]! : randInt(rng, c);
    });
  }

  /** log density of a genome under the mixture. */
  logDensity(genome: Genome): number {
    const w = this.#weights;
    let sum = 0;
    let prior = w[w.length - 1]!;
    for (let g = 0; g < this.#cards.length; g++) prior /= this.#cards[g]!;
    sum += prior;
    for (let i = 0; i < this.#points.length; i++) {
      const point = this.#points[i]!;
      let d = w[i]!;
      for (let g = 0; g < genome.length; g++) d *= point[g] === genome[g] ? this.#hit[g]! : this.#miss[g]!;
      sum += d;
    }
    return Math.log(sum);
  }
}
