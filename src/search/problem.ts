/**
 * The search problem a space defines, as the search loop sees it: genome operators, the
 * description of a candidate (canonical genome, hash, architecture, cost, feasibility),
 * the objectives and their fixed normalisation for hypervolume.
 */
import { costOf, parentArch, planGenome } from '../arch/index.js';
import type { ArchSpec, Cost } from '../arch/types.js';
import { describeNormalisation, type ObjectiveScale } from '../pareto/index.js';
import { crossover, geneCardinalities, geneNames, hashGenome, invalidGenome, mutate, sampleGenome, validateGenome } from '../space/index.js';
import { backboneCombosWithoutDepth, sharingClasses } from '../space/canonical.js';
import type { Genome, Objective, SearchSpace } from '../space/types.js';
import type { GenomeOps } from './strategies/contract.js';

export interface Candidate {
  /** Canonical genome. */
  genome: Genome;
  hash: string;
  label: string;
  arch: ArchSpec;
  cost: Cost;
  /** 0 when the constraints hold, else the summed relative excess. */
  violation: number;
}

export interface SearchProblem {
  ops: GenomeOps;
  objectives: Objective[];
  scales: ObjectiveScale[];
  normalisation: string;
  /**
   * A genome described once (validated, canonicalised, decoded, planned, costed); a string
   * says why it is invalid. The loop passes the Candidate along instead of describing again.
   */
  tryDescribe(genome: Genome): Candidate | string;
  /** As tryDescribe; throws ArchitectureError on an invalid genome. */
  describe(genome: Genome): Candidate;
  /** The unshared parent to train first when the candidate starts from weight fusion. */
  fusionParent(candidate: Candidate): ArchSpec | null;
}

export function spaceOps(space: SearchSpace): GenomeOps {
  return {
    sample: (rng) => sampleGenome(space, rng),
    mutate: (genome, rng) => mutate(space, genome, rng),
    crossover: (a, b, rng) => crossover(space, a, b, rng),
    validate: (genome) => validateGenome(space, genome),
    key: (genome) => hashGenome(space, genome),
    cardinalities: geneCardinalities(space),
  };
}

/** Summed relative excess of a cost over the space's constraints (0 = feasible). */
export function violationOf(space: SearchSpace, cost: Cost): number {
  const { maxParams, maxFlops } = space.constraints;
  let v = 0;
  if (maxParams !== undefined && cost.params > maxParams) v += cost.params / maxParams - 1;
  if (maxFlops !== undefined && cost.flops > maxFlops) v += cost.flops / maxFlops - 1;
  return v;
}

/** Largest parameter count and FLOPs over the space's backbones (unshared networks). */
export function maximumCost(space: SearchSpace): { params: number; flops: number } {
  const names = geneNames(space);
  const depthAt = names.indexOf('depth');
  let params = 0;
  let flops = 0;
  space.backbone.depth.forEach((depth, depthIndex) => {
    const suffix = sharingClasses(space, depth)[0];
    if (!suffix) return;
    for (const combo of backboneCombosWithoutDepth(space)) {
      const prefix = combo.slice();
      prefix[depthAt] = depthIndex;
      const genome = [...prefix, ...suffix];
      const planned = planGenome(space, genome);
      if (typeof planned === 'string') continue;
      const cost = costOf(parentArch(planned.arch));
      params = Math.max(params, cost.params);
      flops = Math.max(flops, cost.flops);
    }
  });
  return { params, flops };
}

/**
 * Scales fixed at the start of a run: accuracy as is; params and FLOPs by the space's
 * constraint when set, else by the largest value over the space's backbones.
 */
export function objectiveScales(space: SearchSpace): ObjectiveScale[] {
  const needsMax = space.objectives.some(
    (o) => (o.metric === 'params' && space.constraints.maxParams === undefined) || (o.metric === 'flops' && space.constraints.maxFlops === undefined),
  );
  const max = needsMax ? maximumCost(space) : { params: 1, flops: 1 };
  return space.objectives.map((o) => ({
    name: o.metric,
    direction: o.direction,
    scale:
      o.metric === 'accuracy'
        ? 1
        : o.metric === 'params'
          ? (space.constraints.maxParams ?? max.params)
          : (space.constraints.maxFlops ?? max.flops),
  }));
}

export function spaceProblem(space: SearchSpace, scales: ObjectiveScale[] = objectiveScales(space)): SearchProblem {
  const ops = spaceOps(space);
  return {
    ops,
    objectives: space.objectives,
    scales,
    normalisation: describeNormalisation(scales),
    tryDescribe: (genome) => describeCandidate(space, genome),
    describe(genome) {
      const candidate = describeCandidate(space, genome);
      if (typeof candidate === 'string') throw invalidGenome(space, genome, candidate);
      return candidate;
    },
    fusionParent: (candidate) => (candidate.arch.init === 'scratch' ? null : parentArch(candidate.arch)),
  };
}

function describeCandidate(space: SearchSpace, genome: Genome): Candidate | string {
  const planned = planGenome(space, genome);
  if (typeof planned === 'string') return planned;
  const { canonical, arch } = planned;
  const cost = costOf(arch);
  return { genome: canonical, hash: arch.hash, label: arch.label, arch, cost, violation: violationOf(space, cost) };
}
