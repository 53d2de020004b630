/** Public face of the arch area: sharing plans and the exact cost model. */
export type * from './types.js';
export { assignLayers, assignmentLetters, groupSizes, parentArch, planGenome, relabelByFirstUse, toArchSpec, type PlannedGenome } from './plan.js';
export { groupSizesProblem } from './groups.js';
export { componentAssignment, isComponentShared, isEffectivelyShared, sharedComponents, sharingPlan, unsharedPlan } from './sharing.js';
export { costOf } from './cost.js';
export { backboneLabel, sharingLabel } from './label.js';
