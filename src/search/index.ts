/** The search engine: strategies, multi-fidelity scheduling, the search loop and session. */
export { runSearchSession, defaultRunName, SEARCH_DEFAULTS, type SearchSessionOptions, type SearchSessionResult, type TrainerKind } from './session.js';
export { runSearchLoop, type SearchEvent, type SearchLoopOptions, type SearchOutcome, type SearchProgress } from './loop.js';
export { spaceProblem, spaceOps, objectiveScales, maximumCost, violationOf, type Candidate, type SearchProblem } from './problem.js';
export { rungBudgets, parseBudgetFlag, plannedTrials } from './rungs.js';
export { nextPromotion, rankedForPromotion, rungView, type PromotionCache, type RungView } from './promotion.js';
export { FrontierTracker } from './tracker.js';
export { rawValues, normalisedValues, evaluationOf } from './evaluation.js';
export { deriveSeed } from './rng.js';
export { vectorOps } from './vector-ops.js';
export * from './strategies/index.js';
