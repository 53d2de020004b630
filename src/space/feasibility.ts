/**
 * Checks that a space which passes the schema can actually be searched: its dataset is one
 * spin-nas knows (with that shape and those classes), its budgets fit the dataset, its rung
 * ladder grows, its enumeration stays small enough to index, and its constraints admit at
 * least one architecture (else the message gives the smallest cost in the space, exact).
 */
import { costOf } from '../arch/cost.js';
import type { ArchSpec } from '../arch/types.js';
import { DATASET_FACTS } from '../data/catalog.js';
import { InputFileError } from '../errors.js';
import { backboneCombosWithoutDepth, sharingClasses, sharingStart } from './canonical.js';
import { decode, genes } from './genes.js';
import { sharedAssignments } from '../arch/sharing.js';
import type { Component, ProxyBudget, SearchSpace } from './types.js';

/** Most gene combinations indexed per depth (backbone part, sharing part). */
export const MAX_COMBINATIONS = 20_000;

export function checkDataset(space: SearchSpace): void {
  const { file, dataset } = space;
  // Your own data is checked when it is read (src/data/own/): its size is not known before.
  if (dataset.source !== undefined) return;
  const facts = DATASET_FACTS[dataset.name];
  const known = Object.keys(DATASET_FACTS);
  if (facts === undefined) {
    throw new InputFileError(file, 'dataset.name', dataset.name, `use one of ${known.map((k) => `"${k}"`).join(', ')}, or give dataset.source for your own data`, 'is not a dataset spin-nas knows');
  }
  if (dataset.inputShape.some((v, i) => v !== facts.inputShape[i])) {
    throw new InputFileError(file, 'dataset.inputShape', dataset.inputShape, `${dataset.name} images are ${JSON.stringify(facts.inputShape)}; use that`, `does not match ${dataset.name}`);
  }
  if (dataset.classes !== facts.classes) {
    throw new InputFileError(file, 'dataset.classes', dataset.classes, `${dataset.name} has ${facts.classes} classes; use ${facts.classes}`, `does not match ${dataset.name}`);
  }
}

/** One rung as it applies (the budget with the rung's overrides), where it is stated, and what to show. */
export interface RungEntry {
  field: string;
  budget: ProxyBudget;
  shown: unknown;
}

export function rungList(budget: ProxyBudget): RungEntry[] {
  const { rungs, ...base } = budget;
  if (!rungs || rungs.length === 0) return [{ field: 'budget', budget: base, shown: base }];
  return rungs.map((r, i) => ({ field: `budget.rungs[${i}]`, budget: { ...base, ...r }, shown: r }));
}

/**
 * Budgets must fit the dataset's training images: validationSize held out, trainSubset
 * drawn from the rest. `field` is where the values come from (a space field, or a flag).
 */
export function checkBudgetFits(file: string, datasetName: string, field: string, b: ProxyBudget, trainImages?: number): void {
  // Your own data passes its count once read; before that (and for an unknown name) nothing to check here.
  const n = trainImages ?? DATASET_FACTS[datasetName]?.trainImages;
  if (n === undefined) return;
  if (b.validationSize >= n) {
    throw new InputFileError(file, `${field}.validationSize`, b.validationSize, `${datasetName} has ${n} training images; hold out fewer (e.g. ${Math.min(5000, Math.floor(n / 10))})`, 'is larger than the dataset');
  }
  if (b.trainSubset + b.validationSize > n) {
    throw new InputFileError(
      file,
      `${field}.trainSubset`,
      b.trainSubset,
      `${datasetName} has ${n} training images and validationSize holds out ${b.validationSize}; use at most ${n - b.validationSize}`,
      'is larger than the dataset',
    );
  }
}

/** Images a budget trains on (epochs x subset, capped by maxSteps x batch). */
export function imagesSeen(b: ProxyBudget): number {
  const full = b.epochs * b.trainSubset;
  return b.maxSteps === undefined ? full : Math.min(full, b.maxSteps * b.batchSize);
}

export function checkBudgets(space: SearchSpace): void {
  // Your own data: the budgets are checked against it once it is read (src/data/own/).
  checkRungs(space.file, space.dataset.name, rungList(space.budget), space.dataset.source ? Infinity : undefined);
}

/** Every rung fits the dataset, and each trains on more images than the one before. */
export function checkRungs(file: string, datasetName: string, list: RungEntry[], trainImages?: number): void {
  for (const { field, budget } of list) checkBudgetFits(file, datasetName, field, budget, trainImages);
  for (let i = 1; i < list.length; i++) {
    const before = imagesSeen(list[i - 1]!.budget);
    const now = imagesSeen(list[i]!.budget);
    if (now <= before) {
      throw new InputFileError(
        file,
        list[i]!.field,
        list[i]!.shown,
        `rungs go from cheapest to dearest: rung ${i - 1} trains on ${before} images (epochs x trainSubset, capped by maxSteps x batchSize), so give rung ${i} more (raise trainSubset or epochs)`,
        `trains on ${now} images, no more than the rung before`,
      );
    }
  }
}

/** Refuses spaces too large to index (each depth enumerates its sharing genes, each space its backbones). */
export function checkEnumerable(space: SearchSpace): void {
  const gs = genes(space);
  const split = sharingStart(space);
  const count = (from: number, to: number) => gs.slice(from, to).reduce((n, g) => n * (g.name === 'depth' ? 1 : g.choices.length), 1);
  const backbone = count(0, split);
  const sharing = count(split, gs.length);
  const fix = 'list fewer choices';
  if (backbone > MAX_COMBINATIONS) {
    throw new InputFileError(space.file, 'backbone', `${backbone} combinations`, `${fix} (widths x patches x kernels or heads x ratios may be at most ${MAX_COMBINATIONS})`, 'has too many combinations to index');
  }
  if (sharing > MAX_COMBINATIONS) {
    throw new InputFileError(space.file, 'sharing', `${sharing} combinations`, `${fix} (components x share rates x distributions x mappings x inits x random seeds may be at most ${MAX_COMBINATIONS})`, 'has too many combinations to index');
  }
}

interface Smallest {
  params: number;
  flops: number;
  feasible: boolean;
}

/**
 * Exact smallest params and FLOPs of the space, and whether some architecture meets the
 * constraints; with `untilFeasible`, stops at the first architecture that does.
 */
export function smallestCost(space: SearchSpace, untilFeasible = false): Smallest {
  const { maxParams = Infinity, maxFlops = Infinity } = space.constraints;
  const depthGene = genes(space).findIndex((g) => g.name === 'depth');
  const out: Smallest = { params: Infinity, flops: Infinity, feasible: false };
  for (const [depthIndex, depth] of space.backbone.depth.entries()) {
    const suffixes = sharingClasses(space, depth);
    if (suffixes.length === 0) continue;
    for (const prefix of backboneCombosWithoutDepth(space)) {
      const withDepth = prefix.slice();
      withDepth[depthGene] = depthIndex;
      const seen = new Set<string>();
      for (const suffix of suffixes) {
        const d = decode(space, [...withDepth, ...suffix]);
        const sets: Partial<Record<Component, number>> = {};
        for (const [c, a] of Object.entries(sharedAssignments(space.backbone.family, d))) sets[c as Component] = new Set(a).size;
        const key = JSON.stringify(sets);
        if (seen.has(key)) continue; // same weight-set counts, same cost
        seen.add(key);
        const arch: ArchSpec = {
          family: space.backbone.family,
          inputShape: space.dataset.inputShape,
          classes: space.dataset.classes,
          width: d.width,
          depth: d.depth,
          patch: d.patch,
          ...(d.kernel !== undefined ? { kernel: d.kernel } : {}),
          ...(d.heads !== undefined ? { heads: d.heads, mlpRatio: d.mlpRatio } : {}),
          sharing: { assignment: {}, sets },
          init: d.init,
          hash: '',
          parentHash: '',
          label: '',
        };
        const cost = costOf(arch);
        out.params = Math.min(out.params, cost.params);
        out.flops = Math.min(out.flops, cost.flops);
        if (cost.params <= maxParams && cost.flops <= maxFlops) {
          out.feasible = true;
          if (untilFeasible) return out;
        }
      }
    }
  }
  return out;
}

export function checkConstraints(space: SearchSpace): void {
  const { maxParams, maxFlops } = space.constraints;
  if (maxParams === undefined && maxFlops === undefined) return;
  if (smallestCost(space, true).feasible) return;
  const smallest = smallestCost(space);
  const parts = [`the smallest architecture of this space has ${smallest.params} params`, `the cheapest needs ${smallest.flops} FLOPs`];
  const field = maxParams !== undefined && smallest.params > maxParams ? 'constraints.maxParams' : maxFlops !== undefined && smallest.flops > maxFlops ? 'constraints.maxFlops' : 'constraints';
  const value = field === 'constraints.maxParams' ? maxParams : field === 'constraints.maxFlops' ? maxFlops : space.constraints;
  throw new InputFileError(
    space.file,
    field,
    value,
    `${parts.join(' and ')}; raise the limit to at least that, or add smaller choices (width, depth, patch) to the space`,
    'excludes every architecture of the space',
  );
}
