/**
 * Consistency checks a JSON Schema cannot state: family-specific fields and components,
 * patches that fit the image, heads that divide a width, share rates and group sizes that
 * fit a depth, fusion that has something to fuse, objectives named once; then what makes
 * a space searchable at all (feasibility.ts).
 */
import { InputFileError } from '../errors.js';
import { spaceSize } from './canonical.js';
import { FAMILY_COMPONENTS } from './family.js';
import { checkBudgets, checkConstraints, checkDataset, checkEnumerable } from './feasibility.js';
import { joinPath } from './json-text.js';
import type { SearchSpace } from './types.js';

export function checkSpace(space: SearchSpace): void {
  const { file, backbone: b, dataset, sharing: s } = space;
  const fail = (field: string, value: unknown, allowed: string, detail?: string): never => {
    throw new InputFileError(file, field, value, allowed, detail);
  };

  // Family-specific backbone fields.
  const own = b.family === 'convmixer' ? ['kernel'] : ['heads', 'mlpRatio'];
  const foreign = b.family === 'convmixer' ? ['heads', 'mlpRatio'] : ['kernel', 'pointwiseResidual'];
  const record = b as unknown as Record<string, unknown>;
  for (const key of own) {
    if (record[key] === undefined) fail(`backbone.${key}`, undefined, `a ${b.family} backbone needs ${key} choices, e.g. [${key === 'kernel' ? '3, 5' : '2, 4'}]`, 'is required');
  }
  for (const key of foreign) {
    if (record[key] !== undefined) fail(`backbone.${key}`, record[key], `remove ${key}: it is not an option of the ${b.family} family (or change backbone.family)`, `is not a ${b.family} option`);
  }

  checkDataset(space);

  // Patches must tile the image.
  const [h, w] = dataset.inputShape;
  const tiling = divisors(h).filter((p) => w % p === 0);
  b.patch.forEach((p, i) => {
    if (h % p !== 0 || w % p !== 0) {
      fail(`backbone.patch[${i}]`, p, `a patch must divide the ${h}x${w} image (dataset.inputShape); allowed: ${tiling.join(', ')}`, p > Math.min(h, w) ? 'is larger than the image' : 'does not divide the image');
    }
  });

  // ViT heads must divide some width.
  (b.heads ?? []).forEach((heads, i) => {
    if (!b.width.some((width) => width % heads === 0)) {
      fail(`backbone.heads[${i}]`, heads, `heads must divide a width; widths are ${b.width.join(', ')}`, 'divides no width');
    }
  });

  // Components must belong to the family; choices are sets, each listed once.
  const known = FAMILY_COMPONENTS[b.family];
  const seen = new Map<string, number>();
  s.components.forEach((set, i) => {
    set.forEach((c, j) => {
      if (!known.includes(c)) fail(`sharing.components[${i}][${j}]`, c, `${b.family} components are ${known.map((k) => `"${k}"`).join(', ')}`, `is not a ${b.family} component`);
    });
    const key = JSON.stringify(set.slice().sort());
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(`sharing.components[${i}]`, set, `remove it: the same set as sharing.components[${earlier}] (order does not matter)`, 'lists a choice twice');
    seen.set(key, i);
  });

  // Share rates must fit some depth under some named distribution.
  const named = s.distribution.filter((d): d is 'uniform' | 'front' | 'back' => !Array.isArray(d));
  if (named.length > 0) {
    s.shareRate.forEach((r, i) => {
      const usable = b.depth.some((d) => (named.includes('uniform') && d % r === 0) || (named.some((n) => n !== 'uniform') && r <= d));
      if (!usable) {
        const how = named.includes('uniform') && named.length === 1 ? `with the uniform distribution it must divide an allowed depth (${b.depth.join(', ')})` : `it must divide an allowed depth (${b.depth.join(', ')}) or, for front/back, be at most the largest depth`;
        fail(`sharing.shareRate[${i}]`, r, `${how}; drop it or add a depth it fits`, 'fits no allowed depth');
      }
    });
  }

  // Custom group sizes must sum to an allowed depth.
  s.distribution.forEach((d, i) => {
    if (!Array.isArray(d)) return;
    const sum = d.reduce((a, x) => a + x, 0);
    if (!b.depth.includes(sum)) fail(`sharing.distribution[${i}]`, d, `custom group sizes must sum to an allowed depth (${b.depth.join(', ')})`, `sums to ${sum}, no allowed depth`);
  });

  // Fusion needs something shared.
  const fusion = s.init.findIndex((x) => x !== 'scratch');
  if (fusion >= 0) {
    const anyComponent = s.components.some((c) => c.length > 0);
    const anyGroup = s.shareRate.some((r) => r > 1) || s.distribution.some((d) => Array.isArray(d) && d.some((g) => g > 1));
    if (!anyComponent || !anyGroup) {
      fail(
        `sharing.init[${fusion}]`,
        s.init[fusion],
        anyComponent ? 'fusion needs a share rate above 1 (or custom groups larger than 1); add one or use only "scratch"' : 'fusion needs a shared component: add a non-empty choice to sharing.components (e.g. ["pointwise"]) or use only "scratch"',
        'fuses nothing: no choice shares any layer',
      );
    }
  }

  // Objectives: each metric once.
  const metrics = new Map<string, number>();
  space.objectives.forEach((o, i) => {
    const earlier = metrics.get(o.metric);
    if (earlier !== undefined) fail(joinPath(`objectives[${i}]`, 'metric'), o.metric, `each metric may appear once; it is already objectives[${earlier}]`, 'is a duplicate objective');
    metrics.set(o.metric, i);
  });
  const expected = { accuracy: 'maximize', params: 'minimize', flops: 'minimize' } as const;
  space.objectives.forEach((o, i) => {
    if (o.direction !== expected[o.metric]) fail(`objectives[${i}].direction`, o.direction, `${o.metric} is to be ${expected[o.metric]}d; use "${expected[o.metric]}"`, 'points the wrong way');
  });

  checkBudgets(space);
  checkEnumerable(space);
  if (spaceSize(space) === 0n) {
    fail('', space.name, 'no genome of this space is valid: check that heads divide widths and that share rates, distributions and depths fit together', 'has no valid architecture');
  }
  checkConstraints(space);
}

function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
}
