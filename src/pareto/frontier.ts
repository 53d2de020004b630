/**
 * An incrementally maintained Pareto frontier (minimisation vectors), keyed by id.
 * Adding a point drops the members it dominates; a dominated point is not kept.
 */
import { dominatesMin } from './dominance.js';

export interface FrontierMember {
  id: string;
  values: readonly number[];
}

export class ParetoFrontier {
  #members = new Map<string, readonly number[]>();

  /** Adds (or replaces) a point; returns true when it is on the frontier afterwards. */
  add(id: string, values: readonly number[]): boolean {
    this.#members.delete(id);
    for (const other of this.#members.values()) if (dominatesMin(other, values)) return false;
    for (const [otherId, other] of this.#members) if (dominatesMin(values, other)) this.#members.delete(otherId);
    this.#members.set(id, values);
    return true;
  }

  has(id: string): boolean {
    return this.#members.has(id);
  }

  get size(): number {
    return this.#members.size;
  }

  members(): FrontierMember[] {
    return [...this.#members].map(([id, values]) => ({ id, values }));
  }

  ids(): string[] {
    return [...this.#members.keys()];
  }

  points(): (readonly number[])[] {
    return [...this.#members.values()];
  }
}
