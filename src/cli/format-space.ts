/** What `spin-nas space inspect` shows: plain data for --json, and the table view of it. */
import Table from 'cli-table3';
import { assignmentLetters, componentAssignment, costOf, sharedComponents, toArchSpec } from '../arch/index.js';
import type { Genome, SearchSpace } from '../space/index.js';
import { genes, sampleGenome, spaceSize } from '../space/index.js';
import { makeRng } from '../util/random.js';
import { formatCompact, formatCount } from './format-numbers.js';

export interface SampleView {
  genome: Genome;
  hash: string;
  parentHash: string;
  label: string;
  /** Letters per shared component, e.g. { pointwise: "AABBCC" }; empty when nothing is shared. */
  plan: Record<string, string>;
  /** Weight-set index of every layer, for every component of the family. */
  assignment: Record<string, number[]>;
  init: string;
  params: number;
  trainingParams: number;
  flops: number;
  /** Constraint violations, e.g. ["params 120000 > maxParams 100000"]; empty when it fits. */
  violates: string[];
}

export interface SpaceView {
  file: string;
  name: string;
  family: string;
  dataset: SearchSpace['dataset'];
  objectives: SearchSpace['objectives'];
  constraints: SearchSpace['constraints'];
  budget: SearchSpace['budget'];
  genes: { name: string; choices: unknown[] }[];
  /** Distinct valid architectures (decimal string: it can exceed 2^53). */
  size: string;
  /** All index vectors, valid or not (decimal string). */
  rawGenomes: string;
  seed: number;
  samples: SampleView[];
}

export function inspectSpace(space: SearchSpace, samples: number, seed: number): SpaceView {
  const rng = makeRng(seed);
  const gs = genes(space);
  const raw = gs.reduce((a, g) => a * BigInt(g.choices.length), 1n);
  return {
    file: space.file,
    name: space.name,
    family: space.backbone.family,
    dataset: space.dataset,
    objectives: space.objectives,
    constraints: space.constraints,
    budget: space.budget,
    genes: gs.map((g) => ({ name: g.name, choices: [...g.choices] })),
    size: spaceSize(space).toString(),
    rawGenomes: raw.toString(),
    seed,
    samples: Array.from({ length: samples }, () => sampleView(space, sampleGenome(space, rng))),
  };
}

function sampleView(space: SearchSpace, genome: Genome): SampleView {
  const arch = toArchSpec(space, genome);
  const cost = costOf(arch);
  const plan: Record<string, string> = {};
  const assignment: Record<string, number[]> = {};
  for (const [component, a] of Object.entries(arch.sharing.assignment)) {
    if (a) assignment[component] = a;
  }
  for (const component of sharedComponents(arch)) plan[component] = assignmentLetters(componentAssignment(arch, component));
  const violates: string[] = [];
  const { maxParams, maxFlops } = space.constraints;
  if (maxParams !== undefined && cost.params > maxParams) violates.push(`params ${cost.params} > maxParams ${maxParams}`);
  if (maxFlops !== undefined && cost.flops > maxFlops) violates.push(`flops ${cost.flops} > maxFlops ${maxFlops}`);
  return {
    genome,
    hash: arch.hash,
    parentHash: arch.parentHash,
    label: arch.label,
    plan,
    assignment,
    init: arch.init,
    params: cost.params,
    trainingParams: cost.trainingParams,
    flops: cost.flops,
    violates,
  };
}

export function renderSpaceView(view: SpaceView): string {
  const lines = [
    `space ${view.name} (${view.file}): ${view.family} on ${view.dataset.name} ${JSON.stringify(view.dataset.inputShape)}, ${view.dataset.classes} classes`,
    `genes (${view.genes.length}): ${view.genes.map((g) => `${g.name} ${g.choices.length}`).join(' · ')}`,
    `size: ${formatCount(BigInt(view.size))} distinct valid architectures (${formatCount(BigInt(view.rawGenomes))} raw genomes)`,
    `objectives: ${view.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ')}${constraintText(view.constraints)}`,
    `budget: ${budgetText(view.budget)}`,
  ];
  if (view.samples.length === 0) return `${lines.join('\n')}\n`;
  const table = new Table({
    head: ['#', 'hash', 'architecture', 'sharing plan', 'params', 'training params', 'FLOPs', 'limits'],
    style: { head: [], border: [] },
  });
  view.samples.forEach((s, i) => {
    const plan = Object.entries(s.plan).map(([c, letters]) => `${c} ${letters}`);
    table.push([
      String(i + 1),
      s.hash,
      s.label.split(' · ').join('\n'),
      plan.length > 0 ? plan.join('\n') : 'none shared',
      formatCount(s.params),
      s.trainingParams === s.params ? '=' : formatCount(s.trainingParams),
      formatCompact(s.flops),
      s.violates.length === 0 ? 'ok' : s.violates.join('\n'),
    ]);
  });
  lines.push(`samples (seed ${view.seed}):`, table.toString());
  return `${lines.join('\n')}\n`;
}

function constraintText(c: SearchSpace['constraints']): string {
  const parts = [];
  if (c.maxParams !== undefined) parts.push(`params <= ${formatCount(c.maxParams)}`);
  if (c.maxFlops !== undefined) parts.push(`FLOPs <= ${formatCompact(c.maxFlops)}`);
  return parts.length > 0 ? ` · constraints: ${parts.join(', ')}` : '';
}

function budgetText(b: SearchSpace['budget']): string {
  const main = `${b.epochs} epoch${b.epochs === 1 ? '' : 's'} on ${formatCount(b.trainSubset)} images, ${formatCount(b.validationSize)} for validation, batch ${b.batchSize}, lr ${b.learningRate} ${b.schedule}${b.maxSteps !== undefined ? `, at most ${b.maxSteps} steps` : ''}`;
  if (!b.rungs || b.rungs.length === 0) return main;
  return `${main} · rungs: ${b.rungs.map((r) => JSON.stringify(r).replace(/"/g, '')).join(' -> ')}`;
}
