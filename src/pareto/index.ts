/** Pareto maths: dominance, non-dominated sorting, crowding, hypervolume, frontier. Pure. */
export { dominates, dominatesMin, toMinimization, type Direction } from './dominance.js';
export { nonDominatedSort, paretoRanks } from './sort.js';
export { crowdingDistance } from './crowding.js';
export { hypervolume } from './hypervolume.js';
export { ParetoFrontier, type FrontierMember } from './frontier.js';
export {
  REFERENCE_COORDINATE,
  describeNormalisation,
  normalise,
  referencePoint,
  type ObjectiveScale,
} from './normalise.js';
