// Depthwise 2-D convolution (NHWC, channel multiplier 1, stride 1, no dilation) and its
// two gradients on oneDNN's convolution primitives (groups = channels). Primitives are
// built once per shape and thread, and kept (oneDNN's advice: creation is the costly part).
#ifndef SPIN_NATIVE_DEPTHWISE_H_
#define SPIN_NATIVE_DEPTHWISE_H_

#include <string>

namespace spin {

// Sizes of the forward convolution x[n,h,w,c] (*) f[kh,kw,c] -> y[n,oh,ow,c].
struct DepthwiseShape {
  int n, h, w, c, oh, ow, kh, kw, pad_top, pad_left;
};

std::string DepthwiseForward(const DepthwiseShape& s, const float* x, const float* f, float* y);
std::string DepthwiseInputGrad(const DepthwiseShape& s, const float* dy, const float* f, float* dx);
std::string DepthwiseFilterGrad(const DepthwiseShape& s, const float* x, const float* dy, float* df);
// The same on oneDNN's backward-weights primitive (kept to compare: slower here).
std::string DepthwiseFilterGradOneDnn(const DepthwiseShape& s, const float* x, const float* dy, float* df);
// The implementation oneDNN chose for the forward primitive of this shape (e.g. "jit:avx512_core").
std::string DepthwiseImpl(const DepthwiseShape& s);

}  // namespace spin

#endif  // SPIN_NATIVE_DEPTHWISE_H_
