/** Public face of the space area: search-space files, genomes and their operators. */
export type * from './types.js';
export { loadSpace, parseSpace } from './load.js';
export { parseJsonText, readInputText } from './load.js';
export { searchSpaceSchema, schemaText } from './schema.js';
export { decode, encode, geneCardinalities, geneNames, genes, DEFAULT_RANDOM_SEEDS, type Gene, type GeneName } from './genes.js';
export { canonicalize, describeGenome, hashGenome, invalidGenome, isValid, keyFields, spaceSize, validateGenome, type DescribedGenome } from './canonical.js';
export { crossover, mutate, sampleGenome, type SampleOptions } from './operators.js';
export { FAMILY_COMPONENTS } from './family.js';
export { hashArchKey, archKeyText, type ArchKeyFields } from './key.js';
export { checkRungs, imagesSeen, smallestCost, MAX_COMBINATIONS } from './feasibility.js';
export { LIMITS } from './schema.js';
export { MAX_INPUT_BYTES, MAX_NESTING } from './load.js';
