/**
 * spin-nas as a library: `import { search, openRun } from 'spin-nas'`. This file is the
 * package's whole public surface (semver applies to it and to nothing else; every name here
 * is described in API.md, which a test keeps complete). Modules not re-exported here are
 * internal and may change in any release.
 */

// Spaces
export { loadSpace, validateSpace, defineSpace, type SpaceDefinition } from './api/space.js';
export type {
  SearchSpace,
  BackboneChoices,
  DatasetSpec,
  DatasetSource,
  SharingChoices,
  Constraints,
  Objective,
  ObjectiveMetric,
  ProxyBudget,
  Genome,
} from './space/types.js';

// Your own data
export { prepareData, type PreparedDataset } from './api/data.js';
export { DataError } from './data/own/problem.js';

// Searching
export {
  search,
  SEARCH_OPTION_KEYS,
  SEARCH_OPTION_DEFAULTS,
  type SearchOptions,
  type SearchResult,
  type SearchProgress,
  type SearchProgressEta,
} from './api/search.js';
export type { SearchEvent, TrainerKind } from './search/index.js';
export type { BackendName, TrainResult, Cost } from './train/types.js';

// Strategy plug-ins
export { defineStrategy, BUILT_IN_STRATEGY_NAMES } from './api/strategy.js';
export type { Strategy, StrategyContext, StrategyFactory, GenomeOps, Proposal, Evaluation } from './search/strategies/contract.js';
export type { Rng } from './util/random.js';

// Reading runs
export { openRun, type RunView, type RunCompute } from './api/run.js';
export type { TrialRecord, TrialState, TrialWorker, HypervolumePoint, KeepWeights } from './store/index.js';

// Reports and exports
export { renderRunReport, writeRunReport, exportOptunaJournal, type ReportWritten } from './api/report.js';
export { exportModel, MODEL_FORMATS, type ExportModelOptions, type ModelExportSummary, type ModelFormat } from './export/index.js';
export { REPORT_FORMATS, type ReportFormat } from './report/index.js';

// Studies
export { runStudy, writeStudyResults, type StudyOptions, type StudyOutcome, type StudyResults } from './api/study.js';

// Errors
export { SpinError, UsageError, InputFileError, RunStoreError, ArchitectureError, TrialError } from './errors.js';
export { StrategyError } from './search/strategies/contract.js';
