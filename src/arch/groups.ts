/**
 * Sharing groups: how many layers use each weight set (distribution) and which layers
 * form each group (mapping). Pure functions of plain numbers.
 *
 * Distribution rule (`groupSizes`):
 * - `uniform`: D/r groups of r layers; r must divide D.
 * - `front`: n = ceil(D/r) groups (uniform's count whenever r divides D), larger groups
 *   first. Every group gets one layer; the remaining D - n layers are split in
 *   proportion n, n-1, ..., 1 by the largest-remainder method (ties go to the earlier
 *   group). Needs 1 <= r <= D. Examples: D=6 r=2 -> [3,2,1]; D=8 r=2 -> [3,2,2,1];
 *   D=8 r=4 -> [5,3]; D=6 r=4 -> [4,2]; D=4 r=2 -> [2,2] (same as uniform).
 * - `back`: the `front` sizes reversed (larger groups at the end).
 * - custom `number[]`: the group sizes themselves (in network order); they must sum to D.
 *   The share rate plays no part.
 *
 * Mapping rule (`assignLayers`), for group sizes g (group k holds g[k] layers):
 * - `sequential`: group k takes the next g[k] consecutive layers: A A B B C C.
 * - `strided`: layer i goes to the next group, in cyclic order, that still has room:
 *   uniform gives A B C A B C; [3,2,1] gives A B C A B A.
 * - `random`: a permutation of the sequential assignment, shuffled by an Rng seeded with
 *   `mapping-seed-<seed>`.
 * Weight sets are numbered by first use (layer 0 uses set 0, the next new set is 1, ...).
 */
import { ArchitectureError } from '../errors.js';
import type { Distribution, Mapping } from '../space/types.js';
import { makeRng, shuffle } from '../util/random.js';

/** Why these settings give no grouping, or null when they do. */
export function groupSizesProblem(depth: number, shareRate: number, distribution: Distribution): string | null {
  if (!Number.isInteger(depth) || depth < 1) return `depth ${depth} is not a positive integer`;
  if (Array.isArray(distribution)) {
    if (distribution.some((g) => !Number.isInteger(g) || g < 1)) return `group sizes ${JSON.stringify(distribution)} must be positive integers`;
    const sum = distribution.reduce((a, b) => a + b, 0);
    return sum === depth ? null : `group sizes ${JSON.stringify(distribution)} sum to ${sum}, not to depth ${depth}`;
  }
  if (!Number.isInteger(shareRate) || shareRate < 1) return `share rate ${shareRate} is not a positive integer`;
  if (distribution === 'uniform') {
    return depth % shareRate === 0 ? null : `uniform share rate ${shareRate} does not divide depth ${depth}`;
  }
  return shareRate <= depth ? null : `share rate ${shareRate} exceeds depth ${depth}`;
}

/** Number of layers in each group, in network order (see the rule at the top of the file). */
export function groupSizes(depth: number, shareRate: number, distribution: Distribution): number[] {
  const problem = groupSizesProblem(depth, shareRate, distribution);
  if (problem !== null) throw new ArchitectureError(`cannot group layers: ${problem}`);
  if (Array.isArray(distribution)) return distribution.slice();
  const n = Math.ceil(depth / shareRate);
  if (distribution === 'uniform') return new Array<number>(n).fill(shareRate);
  const front = frontSizes(depth, n);
  return distribution === 'front' ? front : front.reverse();
}

function frontSizes(depth: number, n: number): number[] {
  const extra = depth - n;
  const total = (n * (n + 1)) / 2;
  const shares = Array.from({ length: n }, (_, k) => (extra * (n - k)) / total);
  const sizes = shares.map((s) => 1 + Math.floor(s));
  let left = depth - sizes.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, k) => ({ k, rest: s - Math.floor(s) }))
    .sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (const { k } of order) {
    if (left <= 0) break;
    sizes[k] = (sizes[k] as number) + 1;
    left--;
  }
  return sizes;
}

/** Weight-set index of every layer (see the rule at the top of the file). */
export function assignLayers(sizes: readonly number[], mapping: Mapping, seed = 0): number[] {
  if (sizes.some((g) => !Number.isInteger(g) || g < 1)) {
    throw new ArchitectureError(`group sizes must be positive integers, got ${JSON.stringify(sizes)}`);
  }
  const sequential = sizes.flatMap((g, k) => new Array<number>(g).fill(k));
  let raw: number[];
  if (mapping === 'sequential') raw = sequential;
  else if (mapping === 'strided') raw = strided(sizes);
  else if (mapping === 'random') raw = shuffle(makeRng(`mapping-seed-${seed}`), sequential);
  else throw new ArchitectureError(`unknown mapping ${JSON.stringify(mapping)}`);
  return relabelByFirstUse(raw);
}

function strided(sizes: readonly number[]): number[] {
  const room = sizes.slice();
  const depth = room.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let k = 0;
  for (let layer = 0; layer < depth; layer++) {
    while ((room[k] as number) === 0) k = (k + 1) % room.length;
    out.push(k);
    room[k] = (room[k] as number) - 1;
    k = (k + 1) % room.length;
  }
  return out;
}

/** Renumbers sets so that they appear in order of first use: [2,2,0,1] -> [0,0,1,2]. */
export function relabelByFirstUse(assignment: readonly number[]): number[] {
  const seen = new Map<number, number>();
  return assignment.map((s) => {
    let label = seen.get(s);
    if (label === undefined) {
      label = seen.size;
      seen.set(s, label);
    }
    return label;
  });
}

/** Letters for an assignment, A for set 0: [0,0,1,1] -> "AABB" (a-z after Z, then #n). */
export function assignmentLetters(assignment: readonly number[]): string {
  return assignment.map(setLetter).join('');
}

function setLetter(set: number): string {
  if (set < 26) return String.fromCharCode(65 + set);
  if (set < 52) return String.fromCharCode(97 + set - 26);
  return `#${set}`;
}
