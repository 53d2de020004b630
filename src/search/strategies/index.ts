/** Search strategies behind the ask/tell contract. */
export {
  StrategyError,
  type Evaluation,
  type GenomeOps,
  type Proposal,
  type Strategy,
  type StrategyContext,
  type StrategyFactory,
} from './contract.js';
export { createRandomSearch } from './random.js';
export { createRegularizedEvolution } from './evolution.js';
export { createNsga2, selectSurvivors } from './nsga2.js';
export { createMotpe } from './tpe.js';
export { BUILT_IN_STRATEGIES, checkStrategy, isPluginSpec, resolveStrategy } from './registry.js';
export { rankEvaluations } from './selection.js';
