/**
 * A trial's architecture in words: the backbone, the sharing choices and the unshared
 * parent it belongs to. Decodes the genome when a decoder is given (the CLI passes the
 * arch area's `toArchSpec`); otherwise falls back on the trial's label.
 */
import { assignmentLetters, backboneLabel, componentAssignment, sharedComponents, sharingLabel } from '../arch/index.js';
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

/** An architecture in words, from its fields (the label is for people, never read back). */
export function describeArch(arch: ArchSpec): TrialDescription {
  const components = sharedComponents(arch);
  const shared = components.length > 0;
  const patterns = components.map((c) => `${c} ${assignmentLetters(componentAssignment(arch, c))}`);
  const choice = arch.sharing.choice;
  // A plan stored without its choices (older checkpoints) is described by its set count.
  const sets = Math.max(0, ...components.map((c) => new Set(componentAssignment(arch, c)).size));
  const words = choice ? sharingLabel(choice) : `${sets} weight sets for ${arch.depth} layers`;
  return {
    backbone: backboneLabel(arch),
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

function initInWords(init: string): string {
  return init === 'scratch' ? 'from scratch' : `weight fusion (${init}) from the unshared parent`;
}
