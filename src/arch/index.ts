/** Public face of the arch area: sharing plans and the exact cost model. */
export type * from './types.js';
export { assignLayers, assignmentLetters, groupSizes, parentArch, relabelByFirstUse, toArchSpec } from './plan.js';
export { groupSizesProblem } from './groups.js';
export { costOf } from './cost.js';
export { backboneLabel } from './label.js';
