/**
 * A trial's architecture in words: the backbone, the sharing choices and the unshared
 * parent it belongs to. Decodes the genome when a decoder is given (the CLI passes the
 * arch area's `toArchSpec`); otherwise falls back on the trial's label.
 */
import type { ArchSpec } from '../arch/types.js';
import type { Genome, SearchSpace } from '../space/types.js';
import type { TrialRecord } from '../store/types.js';

export type ArchDecoder = (space: SearchSpace, genome: Genome) => ArchSpec;

export interface TrialDescription {
  backbone: string;
  sharing: string;
  shared: boolean;
  init: string | null;
  /** Hash of the unshared parent; null when unknown. */
  parentHash: string | null;
}

const FAMILY_NAMES: Record<string, string> = { convmixer: 'ConvMixer', vit: 'ViT' };

export function describeTrial(trial: TrialRecord, space: SearchSpace, decode?: ArchDecoder): TrialDescription {
  if (decode) {
    let arch: ArchSpec | undefined;
    try {
      arch = decode(space, trial.genome);
    } catch {
      arch = undefined; // an undecodable genome (e.g. a space file edited since) still gets reported
    }
    if (arch) return describeArch(arch);
  }
  return describeLabel(trial.label);
}

export function describeArch(arch: ArchSpec): TrialDescription {
  // Labels read "ConvMixer-64/8 k5 p2 · pointwise shared r=2 sequential · fusion mean".
  const segments = arch.label.split(SEPARATOR);
  const patterns: string[] = [];
  let sets = 0;
  for (const [component, assignment] of Object.entries(arch.sharing.assignment)) {
    const count = arch.sharing.sets[component as keyof typeof arch.sharing.sets] ?? assignment?.length ?? 0;
    if (!assignment || count >= assignment.length) continue;
    patterns.push(`${component} ${pattern(assignment)}`);
    sets = Math.max(sets, count);
  }
  const shared = patterns.length > 0;
  const words = shared && segments.length > 1 && segments[1] !== 'unshared' ? segments[1]! : `${sets} weight sets for ${arch.depth} layers`;
  return {
    backbone: arch.label === '' ? backboneWords(arch) : segments[0]!,
    sharing: shared ? `${words} (${patterns.join(', ')}); ${initInWords(arch.init)}` : 'nothing shared',
    shared,
    init: shared ? arch.init : null,
    parentHash: arch.parentHash === '' ? null : arch.parentHash,
  };
}

/** A label split into backbone and sharing halves, when the genome cannot be decoded. */
export function describeLabel(label: string): TrialDescription {
  const separator = label.includes(SEPARATOR) ? SEPARATOR : ', ';
  const at = label.indexOf(separator);
  const backbone = at < 0 ? label : label.slice(0, at);
  const rest = at < 0 ? '' : label.slice(at + separator.length);
  const shared = rest !== '' && !/^(unshared|nothing shared|no sharing|not shared)\b/i.test(rest);
  const fusion = /\b(mean|choose_first|scalar_weighted_mean|channel_weighted_mean)\b/.exec(rest);
  return {
    backbone,
    sharing: shared ? rest : 'nothing shared',
    shared,
    init: shared ? (fusion ? fusion[1]! : 'scratch') : null,
    parentHash: null,
  };
}

const SEPARATOR = ' · ';

function backboneWords(arch: ArchSpec): string {
  const family = FAMILY_NAMES[arch.family] ?? arch.family;
  const parts = [`${family}-${arch.width}/${arch.depth}`];
  if (arch.kernel !== undefined) parts.push(`k${arch.kernel}`);
  parts.push(`p${arch.patch}`);
  if (arch.heads !== undefined) parts.push(`h${arch.heads}`);
  if (arch.mlpRatio !== undefined) parts.push(`mlp${arch.mlpRatio}`);
  return parts.join(' ');
}

function initInWords(init: string): string {
  return init === 'scratch' ? 'from scratch' : `weight fusion (${init}) from the unshared parent`;
}

/** Layer-to-set assignment as letters, e.g. [0,0,1,1] -> "AABB" (set numbers past 26 layers). */
function pattern(assignment: number[]): string {
  if (assignment.every((set) => set < 26)) return assignment.map((set) => String.fromCharCode(65 + set)).join('');
  return `[${assignment.join(',')}]`;
}
