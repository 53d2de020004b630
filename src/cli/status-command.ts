/** `spin-nas status <run-dir>`: a run's progress and its Pareto frontier as a table. */
import Table from 'cli-table3';
import type { Command } from 'commander';
import { chargeInWords, computeInWords, isSyntheticRun, loadRunSnapshot, runCompute, SYNTHETIC_NOTE, type RunSnapshot, type TrialRecord } from '../store/index.js';
import { formatCompact } from './format-numbers.js';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description("show a search run's progress and Pareto frontier (read-only; works while the run is in progress)")
    .argument('<run-dir>', 'run folder, e.g. runs/convmixer-fmnist')
    .action(async (dir: string) => {
      const snapshot = await loadRunSnapshot(dir);
      process.stdout.write(renderStatus(snapshot));
    });
}

export function renderStatus(s: RunSnapshot): string {
  const count = (state: string) => s.trials.filter((t) => t.state === state).length;
  const rungs = [...new Set(s.trials.map((t) => t.rung))].sort((a, b) => a - b);
  const perRung = rungs.map((r) => `rung ${r}: ${s.trials.filter((t) => t.rung === r && t.state === 'done').length} done`).join(', ');
  const lines = [
    ...(isSyntheticRun(s) ? [SYNTHETIC_NOTE] : []),
    `run ${s.name} (${s.dir})`,
    `space ${s.space.name}, strategy ${String(s.config['strategy'])}, seed ${String(s.config['seed'])}, trainer ${String(s.config['trainer'])}`,
    `trials: ${count('done')} done, ${count('failed')} failed, ${count('running')} running, ${count('pending')} pending` +
      ` (of ${String(s.config['trials'])} candidates at rung 0)${perRung ? `; ${perRung}` : ''}`,
    `infeasible (over the constraints, kept off the frontier): ${s.trials.filter((t) => t.infeasible).length}`,
    `weight-fusion parents trained: ${Object.keys(s.parents ?? {}).length}`,
    `hypervolume ${s.hypervolume.value.toFixed(4)} (${s.hypervolume.normalisation})`,
    ...computeStatus(s),
    frontierScope(s),
    ...trainedBy(s.trials),
    '',
    frontierTable(s.trials, s.frontier),
  ];
  return `${lines.join('\n')}\n`;
}

/** What the trainings cost so far (training FLOPs = 3 x forward FLOPs x images), and the budget. */
function computeStatus(s: RunSnapshot): string[] {
  const c = runCompute(s);
  const lines = [`compute: ${chargeInWords(c.total)}`, `  trials ${computeInWords(c.trials.flops)}, fusion parents ${computeInWords(c.parents.flops)}`];
  if (c.budget !== null) lines.push(`  budget (--max-compute) ${computeInWords(c.budget)}: ${((c.total.flops / c.budget) * 100).toFixed(0)}% spent`);
  return lines;
}

function workerText(t: TrialRecord): string {
  return t.worker ? `${t.worker.host}:${t.worker.pid}` : '–';
}

/** Which processes trained the finished trials ("host:pid backend: n trials"), one line. */
function trainedBy(trials: readonly TrialRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const t of trials) {
    if (!t.worker || (t.state !== 'done' && t.state !== 'failed')) continue;
    const key = `${workerText(t)} ${t.worker.backend}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  return [`trained by: ${[...counts].map(([w, n]) => `${w} (${n} trial${n === 1 ? '' : 's'})`).join(', ')}`];
}

/** The frontier trials as a table, most accurate first. */
export function frontierTable(trials: readonly TrialRecord[], frontier: readonly string[]): string {
  const byId = new Map(trials.map((t) => [t.id, t]));
  const rows = frontier
    .map((id) => byId.get(id))
    .filter((t): t is TrialRecord => t !== undefined)
    .sort((a, b) => (b.result?.valAccuracy ?? 0) - (a.result?.valAccuracy ?? 0));
  if (rows.length === 0) return 'Pareto frontier: empty (no feasible trial done yet)';
  const table = new Table({
    head: ['trial', 'rung', 'val acc', 'params', 'FLOPs', 'worker', 'architecture'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const t of rows) {
    table.push([t.id, t.rung, ((t.result?.valAccuracy ?? 0) * 100).toFixed(2) + '%', formatCompact(t.cost.params), formatCompact(t.cost.flops), workerText(t), t.label]);
  }
  return `Pareto frontier (${rows.length} trials):\n${table.toString()}`;
}

/** Which budget the frontier compares, and the lower rungs' own frontiers. */
function frontierScope(s: RunSnapshot): string {
  if (s.frontierRung === undefined) {
    const rungs = new Set(s.trials.filter((t) => s.frontier.includes(t.id)).map((t) => t.rung));
    return rungs.size > 1 ? 'frontier: stored before frontiers were kept per budget, it mixes rungs (resume the run to recompute)' : 'frontier: one rung';
  }
  const lower = (s.rungFrontiers ?? []).filter((f) => f.rung < s.frontierRung!).map((f) => `rung ${f.rung}: ${f.ids.length}`);
  return `frontier and hypervolume over rung ${s.frontierRung} results only (the highest rung reached)${lower.length > 0 ? `; lower rungs' own frontiers: ${lower.join(', ')}` : ''}`;
}
