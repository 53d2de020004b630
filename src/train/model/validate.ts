/** Rejects an architecture that cannot be built, before any tensor is created. */
import type { ArchSpec } from '../../arch/types.js';
import { ArchitectureError } from '../../errors.js';
import { FAMILY_COMPONENTS } from '../../space/family.js';

export function validateArch(arch: ArchSpec): void {
  const where = arch.label ? ` (${arch.label})` : '';
  const fail = (what: string): never => {
    throw new ArchitectureError(`cannot build ${arch.family} architecture${where}: ${what}`);
  };
  if (arch.family !== 'convmixer' && arch.family !== 'vit') fail(`unknown family "${String(arch.family)}"`);
  const [h, w, c] = arch.inputShape;
  for (const [name, v] of [['input height', h], ['input width', w], ['input channels', c], ['classes', arch.classes],
    ['width', arch.width], ['depth', arch.depth], ['patch', arch.patch]] as const) {
    if (!Number.isInteger(v) || v < 1) fail(`${name} ${v} must be a positive integer`);
  }
  if (arch.patch > h || arch.patch > w) fail(`patch ${arch.patch} is larger than the ${h}x${w} image`);
  if (h % arch.patch !== 0 || w % arch.patch !== 0) fail(`patch ${arch.patch} does not divide the ${h}x${w} image`);
  if (arch.family === 'convmixer') {
    const k = arch.kernel;
    if (k === undefined || !Number.isInteger(k) || k < 1) fail(`kernel ${k} must be a positive integer`);
  } else {
    const heads = arch.heads;
    if (heads === undefined || !Number.isInteger(heads) || heads < 1) fail(`heads ${heads} must be a positive integer`);
    if (arch.width % heads! !== 0) fail(`heads ${heads} does not divide width ${arch.width}`);
    const r = arch.mlpRatio;
    if (r === undefined || !(r > 0) || !Number.isInteger(r * arch.width)) fail(`mlpRatio ${r} must give an integer hidden width`);
  }
  for (const [component, assignment] of Object.entries(arch.sharing.assignment)) {
    if (assignment === undefined) continue;
    if (!FAMILY_COMPONENTS[arch.family].includes(component as never)) {
      fail(`sharing.assignment has component "${component}", not one of ${FAMILY_COMPONENTS[arch.family].join(', ')}`);
    }
    if (assignment.length !== arch.depth) {
      fail(`sharing.assignment.${component} has ${assignment.length} entries for depth ${arch.depth}`);
    }
    const sets = arch.sharing.sets[component as keyof typeof arch.sharing.sets] ?? arch.depth;
    if (!Number.isInteger(sets) || sets < 1 || sets > arch.depth) {
      fail(`sharing.sets.${component} = ${sets} weight sets; it needs 1 to ${arch.depth}`);
    }
    const bad = assignment.findIndex((s) => !Number.isInteger(s) || s < 0 || s >= sets);
    if (bad >= 0) fail(`sharing.assignment.${component}[${bad}] = ${assignment[bad]} is not a weight set in 0..${sets - 1}`);
  }
}
