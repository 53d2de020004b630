// The module's exports. Every pointer is a byte offset into the imported memory (the
// tfjs wasm backend's heap); the module keeps no data, globals or stack of its own.
export { erf, erfGrad, gelu, geluGrad } from './gelu';
export { depthwiseConv, depthwiseFilterGrad } from './depthwise';
export { batchNormSums, columnSums } from './reduce';
export { gemm, gemmScratchFloats } from './gemm';
export { channelAffine, channelAffine2, channelMoments } from './channel';
export { adam } from './adam';
export { softmaxCrossEntropy, softmaxCrossEntropyGrad } from './cross-entropy';
export { layerNorm, layerNormGrad } from './layernorm';
export { softmax, softmaxGrad } from './softmax';
export { biasGeluBnGrad, biasGeluMoments } from './fused';
