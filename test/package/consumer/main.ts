// A program written against spin-nas's public types only, as a user's project would be. The
// consumer test (test/package/consumer.test.ts) installs the packed tarball next to it,
// compiles it with `tsc --strict`, and runs it; it prints one JSON line of what it saw.
import {
  defineSpace,
  loadSpace,
  openRun,
  renderRunReport,
  search,
  validateSpace,
  InputFileError,
  REPORT_FORMATS,
  type RunView,
  type SearchOptions,
  type SearchProgressEta,
  type SpaceDefinition,
  type TrialRecord,
} from 'spin-nas';
import paretoLocalSearch from './custom-strategy.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`consumer check failed: ${what}`);
}

const runsDir = process.argv[2]!;
const shipped = loadSpace('node_modules/spin-nas/search-spaces/convmixer-fmnist.json');
const { file: _file, ...definition } = shipped;
// A space as a typed object, small enough for a quick run.
const space: SpaceDefinition = defineSpace({ ...definition, name: 'consumer-space' });
validateSpace(space);

let refused = '';
try {
  validateSpace({ ...space, objectives: [] });
} catch (error) {
  if (error instanceof InputFileError) refused = error.field;
}
check(refused !== '', 'a bad space is an InputFileError naming its field');

const counts = { started: 0, finished: 0, promoted: 0, frontier: 0, progress: 0 };
let lastProgress: SearchProgressEta | null = null;
const controller = new AbortController();
const options: SearchOptions = {
  space,
  name: 'consumer',
  runsDir,
  trials: 10,
  workers: 2,
  seed: 3,
  trainer: 'synthetic',
  delayMs: 2,
  strategy: paretoLocalSearch,
  strategyName: 'pareto-local-search',
  onTrialStarted: () => counts.started++,
  onTrialFinished: (trial: TrialRecord) => {
    check(trial.state === 'done' || trial.state === 'failed', 'a finished trial is done or failed');
    counts.finished++;
    if (counts.finished === 4) controller.abort();
  },
  onPromoted: (trial, from) => {
    check(trial.rung === from.rung + 1, 'a promotion goes one rung up');
    counts.promoted++;
  },
  onFrontierChanged: (ids: string[]) => {
    check(ids.length > 0, 'the frontier is not empty once changed');
    counts.frontier++;
  },
  onProgress: (p) => {
    counts.progress++;
    lastProgress = p;
  },
  signal: controller.signal,
};

const first = await search(options);
check(first.interrupted, 'the aborted search says it was interrupted');
const between: RunView = await openRun(first.dir);
check(between.counts.running === 0, 'an aborted run leaves no trial running');

const second = await search({ ...options, signal: undefined, onTrialFinished: () => counts.finished++ });
check(!second.interrupted && second.done === second.total, 'the resumed search completes');

const run = await openRun(second.dir);
const frontier: TrialRecord[] = run.frontier;
check(frontier.length === second.frontierSize && frontier.every((t) => t.state === 'done'), 'the frontier reads back as done trials');
check(run.hypervolumeHistory.length === run.counts.done, 'one hypervolume point per finished trial');
const report = JSON.parse(await renderRunReport(run.dir, 'json')) as { trials: unknown[] };
check(report.trials.length === run.trials.length, 'the JSON report lists every trial');

console.log(
  JSON.stringify({
    counts,
    first: { interrupted: first.interrupted, done: first.done },
    second: { done: second.done, total: second.total, frontierSize: second.frontierSize },
    frontier: frontier.map((t) => t.id),
    hypervolume: run.hypervolume,
    eta: (lastProgress as SearchProgressEta | null)?.etaSeconds ?? null,
    strategy: run.config['strategy'],
    formats: REPORT_FORMATS,
    synthetic: run.compute.synthetic,
  }),
);
