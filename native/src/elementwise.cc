#include "elementwise.h"

#include <cmath>

#define SPIN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

namespace spin {

namespace {

// w -> out; m and v in place. Restrict lets every clone vectorise; in place (out == w) has
// its own loop, since restrict would not hold there.
template <bool kInPlace>
inline void AdamLoop(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                     float* __restrict out, int64_t n, const AdamParams& p) {
  const float b1 = p.beta1, a1 = p.one_minus_beta1, b2 = p.beta2, a2 = p.one_minus_beta2;
  const float c1 = p.c1, c2 = p.c2, eps = p.eps, step = -p.lr;
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * a1;
    const float vi = v[i] * b2 + (gi * gi) * a2;
    m[i] = mi;
    v[i] = vi;
    const float updated = ((mi / c1) / (std::sqrt(vi / c2) + eps)) * step + w[i];
    if (kInPlace) w[i] = updated; else out[i] = updated;
  }
}

}  // namespace

SPIN_CLONES void Adam(const float* w, const float* g, float* m, float* v, float* out, int64_t n, const AdamParams& p) {
  if (out == w) AdamLoop<true>(out, g, m, v, nullptr, n, p);
  else AdamLoop<false>(const_cast<float*>(w), g, m, v, out, n, p);
}

SPIN_CLONES void ChannelAffine(const float* x, const float* __restrict a, const float* __restrict b, float* out, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* o = out + r * cols;
    for (int64_t c = 0; c < cols; ++c) o[c] = xr[c] * a[c] + b[c];
  }
}

SPIN_CLONES void ChannelAffine2(const float* dy, const float* x, const float* __restrict a, const float* __restrict p,
                                const float* __restrict q, float* out, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* dr = dy + r * cols;
    const float* xr = x + r * cols;
    float* o = out + r * cols;
    for (int64_t c = 0; c < cols; ++c) o[c] = dr[c] * a[c] + (xr[c] * p[c] + q[c]);
  }
}

}  // namespace spin
