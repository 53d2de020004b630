import type { Component, Family } from './types.js';

/** The shareable components of each family, in block order. */
export const FAMILY_COMPONENTS: Readonly<Record<Family, readonly Component[]>> = {
  convmixer: ['depthwise', 'pointwise'],
  vit: ['attention', 'mlp'],
};
