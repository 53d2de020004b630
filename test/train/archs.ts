/** Hand-built architectures for tests (independent of the arch area). */
import type { ArchSpec } from '../../src/arch/types.js';

export const identity = (d: number): number[] => Array.from({ length: d }, (_, i) => i);
export const sequential = (d: number, r: number): number[] => Array.from({ length: d }, (_, i) => Math.floor(i / r));

export function convMixer(options: Partial<ArchSpec> & { pointwise?: number[]; depthwise?: number[] } = {}): ArchSpec {
  const depth = options.depth ?? 2;
  const pointwise = options.pointwise ?? identity(depth);
  const depthwise = options.depthwise ?? identity(depth);
  const { pointwise: _p, depthwise: _d, ...rest } = options;
  return {
    family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 8, depth, patch: 4, kernel: 3,
    pointwiseResidual: false,
    sharing: {
      assignment: { depthwise, pointwise },
      sets: { depthwise: Math.max(...depthwise) + 1, pointwise: Math.max(...pointwise) + 1 },
    },
    init: 'scratch', hash: '', parentHash: '', label: 'test convmixer',
    ...rest,
  };
}

export function vit(options: Partial<ArchSpec> & { attention?: number[]; mlp?: number[] } = {}): ArchSpec {
  const depth = options.depth ?? 2;
  const attention = options.attention ?? identity(depth);
  const mlp = options.mlp ?? identity(depth);
  const { attention: _a, mlp: _m, ...rest } = options;
  return {
    family: 'vit', inputShape: [28, 28, 1], classes: 10, width: 8, depth, patch: 7, heads: 2, mlpRatio: 2,
    sharing: { assignment: { attention, mlp }, sets: { attention: Math.max(...attention) + 1, mlp: Math.max(...mlp) + 1 } },
    init: 'scratch', hash: '', parentHash: '', label: 'test vit',
    ...rest,
  };
}
