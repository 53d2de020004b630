/**
 * An architecture decoded from a genome: everything a trainer needs to build the model,
 * and everything the cost model needs to count it. Pure data.
 */
import type { Component, Distribution, Family, Init, Mapping } from '../space/types.js';

export interface SharingPlan {
  /**
   * For each component of the family, the weight-set index used by every layer:
   * `assignment[component][layer]` in [0, sets). Unshared components map layer i to i.
   */
  assignment: Partial<Record<Component, number[]>>;
  /** Number of distinct weight sets per component. */
  sets: Partial<Record<Component, number>>;
  /**
   * The genome's sharing choices behind this plan; absent when nothing is shared, and in
   * plans stored before it existed (read those with arch/sharing.ts sharedComponents).
   */
  choice?: SharingChoice;
}

/** What an effectively shared architecture shares, in the genome's terms. */
export interface SharingChoice {
  /** Components sharing weights, in family order. */
  components: Component[];
  shareRate: number;
  distribution: Distribution;
  mapping: Mapping;
  mappingSeed: number;
  /** Layers per weight set, in network order (from the share rate and distribution). */
  groups: number[];
}

export interface ArchSpec {
  family: Family;
  inputShape: [number, number, number];
  classes: number;
  width: number;
  depth: number;
  patch: number;
  kernel?: number;
  pointwiseResidual?: boolean;
  heads?: number;
  mlpRatio?: number;
  sharing: SharingPlan;
  init: Init;
  /** Stable hash of the canonical genome this came from ('' when built by hand). */
  hash: string;
  /** Hash of the unshared parent backbone (same backbone, nothing shared); fusion parents are keyed by it. */
  parentHash: string;
  /** Short human-readable description, e.g. "ConvMixer-128/8 k5 p2, pointwise shared r=2 sequential". */
  label: string;
}

/**
 * Cost of one architecture. Convention: parameters are trainable parameters (BatchNorm
 * moving statistics excluded); FLOPs are 2 x multiply-accumulates of convolutions, dense
 * layers and attention matmuls for one image, forward pass only.
 */
export interface Cost {
  /** Deployed parameter count: shared tensors counted once. */
  params: number;
  /** Parameters while training: with fusion, all unshared tensors plus reduction weights. */
  trainingParams: number;
  flops: number;
}
