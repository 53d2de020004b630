// Elementwise and per-channel passes of a training step (the same arithmetic as the wasm
// SIMD module's, src/backend/wasm/assembly), compiled once per ISA and picked at run time
// (target_clones: AVX-512, AVX2, baseline x86-64). No fused multiply-adds
// (-ffp-contract=off), so every clone rounds like the wasm kernels.
#ifndef SPIN_NATIVE_ELEMENTWISE_H_
#define SPIN_NATIVE_ELEMENTWISE_H_

#include <cstdint>

namespace spin {

struct AdamParams {
  float lr, beta1, one_minus_beta1, beta2, one_minus_beta2, c1, c2, eps;
};

// m, v updated in place; out (may be w) = w - lr (m / c1) / (sqrt(v / c2) + eps).
void Adam(const float* w, const float* g, float* m, float* v, float* out, int64_t n, const AdamParams& p);
// out[r, c] = x[r, c] a[c] + b[c].
void ChannelAffine(const float* x, const float* a, const float* b, float* out, int64_t rows, int64_t cols);
// out[r, c] = dy[r, c] a[c] + (x[r, c] p[c] + q[c]).
void ChannelAffine2(const float* dy, const float* x, const float* a, const float* p, const float* q, float* out,
                    int64_t rows, int64_t cols);

}  // namespace spin

#endif  // SPIN_NATIVE_ELEMENTWISE_H_
