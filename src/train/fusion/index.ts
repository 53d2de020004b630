/**
 * Weight fusion: a shared model initialised from a trained unshared parent of the same
 * backbone. Each fused weight set holds its group's unshared members (copied from the
 * parent) and reduces them on the fly while training; `exportDeployed` then writes the
 * reduced tensors into a plain shared model that holds only the shared tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchSpec } from '../../arch/types.js';
import { ArchitectureError } from '../../errors.js';
import { buildModel, countTrainable, type TrainableModel } from '../model/build.js';
import { componentLayerName } from '../model/groups.js';
import { isComponentLayer } from '../model/layers.js';

const BACKBONE_FIELDS = ['family', 'width', 'depth', 'patch', 'kernel', 'heads', 'mlpRatio', 'pointwiseResidual', 'classes'] as const;

function componentOf(layerName: string): string {
  const match = /^(.*)_s\d+$/.exec(layerName);
  return match ? match[1]! : layerName;
}

/** Checks that `parent` is an unshared model of the same backbone as `child`. */
export function checkParent(child: ArchSpec, parent: ArchSpec): void {
  for (const field of BACKBONE_FIELDS) {
    if ((child[field] ?? null) !== (parent[field] ?? null)) {
      throw new ArchitectureError(
        `fusion parent ${parent.label || '(unlabelled)'} does not match ${child.label || 'the child'}: ${field} ${String(parent[field])} vs ${String(child[field])}`,
      );
    }
  }
  if (child.inputShape.join('x') !== parent.inputShape.join('x')) {
    throw new ArchitectureError(`fusion parent input shape ${parent.inputShape.join('x')} differs from ${child.inputShape.join('x')}`);
  }
  for (const [component, assignment] of Object.entries(parent.sharing.assignment)) {
    if (assignment !== undefined && assignment.some((s, i) => s !== i)) {
      throw new ArchitectureError(`fusion parent ${parent.label || '(unlabelled)'} shares ${component}; it must be unshared`);
    }
  }
}

/**
 * Copies the parent's weights into `child`: every fused set gets its group members'
 * tensors, every other layer (stem, norms, head, unshared components) its own.
 */
export function initFromParent(child: TrainableModel, parent: TrainableModel): void {
  checkParent(child.arch, parent.arch);
  for (const layer of child.model.layers) {
    if (layer.weights.length === 0) continue;
    if (isComponentLayer(layer)) {
      const component = componentOf(layer.name);
      layer.memberLayers.forEach((block, j) => {
        if (j >= Math.max(layer.members, 1)) return;
        const source = parent.model.getLayer(componentLayerName(component as never, block));
        const values = source.getWeights();
        if (layer.mode === 'none') layer.setWeights(values);
        else layer.setMemberWeights(j, values);
      });
    } else {
      layer.setWeights(parent.model.getLayer(layer.name).getWeights());
    }
  }
}

/** Builds the deployed model of a fused one: only the shared (reduced) tensors. */
export function exportDeployed(fused: TrainableModel, seed = 0): TrainableModel {
  const deployed = buildModel({ ...fused.arch, init: 'scratch' }, { seed });
  for (const layer of deployed.model.layers) {
    if (layer.weights.length === 0) continue;
    const source = fused.model.getLayer(layer.name);
    if (isComponentLayer(source)) {
      const reduced = source.reducedWeights();
      layer.setWeights(reduced);
      tf.dispose(reduced);
    } else {
      layer.setWeights(source.getWeights());
    }
  }
  return { arch: fused.arch, model: deployed.model, trainableParams: countTrainable(deployed.model), fused: false };
}
