/**
 * A run snapshot as Optuna journal operations. The builder remembers what it has written,
 * so the same builder given a later snapshot of the same run returns only what changed
 * (new trials, trials that started or finished, a new hypervolume): a whole export is the
 * first call, `--watch` appends the later ones. Pure: no files, no clock.
 *
 * Layout: one study (the run; study id 0), created first with the space's objective
 * directions; one trial per spin-nas trial in creation order, so Optuna trial number i is
 * the run's i-th exported trial. A finished trial is one CREATE_TRIAL line holding
 * everything; an unfinished one is created RUNNING or WAITING and later updated (attributes
 * first, state last: Optuna ignores updates to a finished trial).
 */
import { runCompute } from '../../store/compute.js';
import type { RunSnapshot } from '../../store/types.js';
import { checkExportable } from './check.js';
import { geneParameters, type GeneParameter } from './distributions.js';
import {
  DIRECTION,
  METRIC_NAMES_KEY,
  OP,
  TRIAL_STATE,
  isFinished,
  type JournalOperation,
  type OptunaState,
} from './journal.js';
import { trialView, type TrialView } from './trial.js';

const STUDY_ID = 0;

interface Written {
  optunaId: number;
  state: OptunaState;
  userAttrs: Record<string, string>;
  systemAttrs: Record<string, string>;
}

export interface JournalUpdate {
  operations: JournalOperation[];
  /** One line per trial left out, with the reason (each trial reported once). */
  skipped: string[];
}

export class JournalBuilder {
  readonly workerId: string;
  #parameters: GeneParameter[] | null = null;
  #trials = new Map<string, Written>();
  #skipped = new Set<string>();
  #studyAttrs = new Map<string, string>();

  constructor(workerId = 'spin-nas-export') {
    this.workerId = workerId;
  }

  /** The operations that bring the journal up to `snapshot`. */
  update(snapshot: RunSnapshot): JournalUpdate {
    const ops: JournalOperation[] = [];
    const skipped: string[] = [];
    const op = (code: number, fields: Record<string, unknown>): void => {
      ops.push({ op_code: code, worker_id: this.workerId, ...fields });
    };
    if (this.#parameters === null) {
      checkExportable(snapshot);
      this.#parameters = geneParameters(snapshot.space);
      op(OP.createStudy, { study_name: snapshot.name, directions: snapshot.space.objectives.map((o) => DIRECTION[o.direction]) });
      op(OP.setStudySystemAttr, { study_id: STUDY_ID, system_attr: { [METRIC_NAMES_KEY]: snapshot.space.objectives.map((o) => o.metric) } });
    }
    for (const [key, value] of Object.entries(studyAttributes(snapshot))) {
      const text = JSON.stringify(value);
      if (this.#studyAttrs.get(key) === text) continue;
      this.#studyAttrs.set(key, text);
      op(OP.setStudyUserAttr, { study_id: STUDY_ID, user_attr: { [key]: value } });
    }
    for (const record of snapshot.trials) {
      const view = trialView(snapshot, record, this.#parameters);
      const id = typeof record?.id === 'string' && record.id !== '' ? record.id : `#${snapshot.trials.indexOf(record)}`;
      if (typeof view === 'string') {
        if (!this.#skipped.has(id)) skipped.push(`trial ${id}: ${view}`);
        this.#skipped.add(id);
        continue;
      }
      const known = this.#trials.get(id);
      if (known === undefined) this.#create(id, view, op);
      else if (!isFinished(known.state)) this.#advance(known, view, op);
    }
    return { operations: ops, skipped };
  }

  #create(id: string, view: TrialView, op: (code: number, fields: Record<string, unknown>) => void): void {
    const optunaId = this.#trials.size;
    op(OP.createTrial, {
      study_id: STUDY_ID,
      state: TRIAL_STATE[view.state],
      value: null,
      values: view.values,
      datetime_start: view.datetimeStart,
      ...(view.datetimeComplete !== null ? { datetime_complete: view.datetimeComplete } : {}),
      distributions: view.distributions,
      params: view.params,
      user_attrs: view.userAttrs,
      system_attrs: view.systemAttrs,
      intermediate_values: {},
    });
    this.#trials.set(id, { optunaId, state: view.state, userAttrs: texts(view.userAttrs), systemAttrs: texts(view.systemAttrs) });
  }

  /** Updates an unfinished trial: changed attributes, then its new state. */
  #advance(known: Written, view: TrialView, op: (code: number, fields: Record<string, unknown>) => void): void {
    const trialId = known.optunaId;
    for (const [key, value] of Object.entries(view.userAttrs)) {
      const text = JSON.stringify(value);
      if (known.userAttrs[key] === text) continue;
      known.userAttrs[key] = text;
      op(OP.setTrialUserAttr, { trial_id: trialId, user_attr: { [key]: value } });
    }
    for (const [key, value] of Object.entries(view.systemAttrs)) {
      const text = JSON.stringify(value);
      if (known.systemAttrs[key] === text) continue;
      known.systemAttrs[key] = text;
      op(OP.setTrialSystemAttr, { trial_id: trialId, system_attr: { [key]: value } });
    }
    if (view.state === known.state) return;
    // A finished trial needs a start time: one that never ran while watched starts first.
    if (known.state === 'WAITING' && isFinished(view.state)) {
      op(OP.setTrialStateValues, { trial_id: trialId, state: TRIAL_STATE.RUNNING, values: null, datetime_start: view.datetimeStart });
    }
    op(OP.setTrialStateValues, {
      trial_id: trialId,
      state: TRIAL_STATE[view.state],
      values: view.values,
      ...(view.state === 'RUNNING' ? { datetime_start: view.datetimeStart } : {}),
      ...(view.datetimeComplete !== null ? { datetime_complete: view.datetimeComplete } : {}),
    });
    known.state = view.state;
  }
}

/** The run as study user attributes: what it searched, its hypervolume over trials and its compute. */
function studyAttributes(snapshot: RunSnapshot): Record<string, unknown> {
  return {
    spin_nas_run: snapshot.dir,
    space: snapshot.space.name,
    objectives: snapshot.space.objectives.map((o) => `${o.metric} (${o.direction})`),
    constraints: snapshot.space.constraints ?? {},
    rungs: snapshot.config['rungs'] ?? null,
    strategy: snapshot.config['strategy'] ?? null,
    hypervolume: snapshot.hypervolume ?? null,
    // Training FLOPs (3 x forward FLOPs x images), images and trainer-seconds: trials and fusion parents.
    compute: (({ total, trials, parents, budget }) => ({ total, trials, parents, max_compute: budget }))(runCompute(snapshot)),
  };
}

function texts(attrs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, JSON.stringify(v)]));
}

/** A whole run as journal operations (what `spin-nas export --format optuna-journal` writes). */
export function runJournal(snapshot: RunSnapshot, workerId?: string): JournalUpdate {
  return new JournalBuilder(workerId).update(snapshot);
}
