/**
 * Portable exports of a trial's trained model: ONNX and PyTorch (plus the TensorFlow.js layers
 * files), all through `exportModel`. One convention for both portable formats: input float32
 * NCHW, normalised with the dataset's statistics; every shared weight set stored once.
 */
export { exportModel, isModelFormat, MODEL_FORMATS, type ExportModelOptions, type ModelExportSummary, type ModelFormat } from './export-model.js';
export { ONNX_OPSET, ONNX_IR_VERSION } from './onnx/proto.js';
export { toPortable, parameterCount, type PortableModel, type ExportForm, type Float32Tensor } from './portable.js';
