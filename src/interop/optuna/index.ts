/** A run as an Optuna study: the journal-storage format, the mapping from a run, the file writer. */
export { JournalBuilder, runJournal, type JournalUpdate } from './builder.js';
export { geneParameters, integerRange, choiceLabel, type GeneParameter, type OptunaDistribution } from './distributions.js';
export { CONSTRAINTS_KEY, DIRECTION, OP, TRIAL_STATE, journalText, optunaDatetime, pythonJson, type JournalOperation, type OptunaState } from './journal.js';
export { trialView, objectiveValues, constraintValues, type TrialView } from './trial.js';
export { checkExportable } from './check.js';
export { appendJournal, checkJournalTarget, writeJournal } from './file.js';
