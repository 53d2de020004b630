#include "fused.h"

#include <cmath>
#include <cstring>
#include <vector>

#define SPIN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

namespace spin {
namespace {

constexpr int64_t kBlock = 16;

// erf(x) = x P(x^2) / Q(x^2) on x clamped to [-4, 4] (the rational form of the wasm module).
inline float Erf(float x) {
  constexpr float A1 = -1.60960333262415e-2f, A3 = -2.95459980854025e-3f, A5 = -7.34990630326855e-4f;
  constexpr float A7 = -5.69250639462346e-5f, A9 = -2.10102402082508e-6f, A11 = 2.77068142495902e-8f;
  constexpr float A13 = -2.72614225801306e-10f;
  constexpr float B0 = -1.42647390514189e-2f, B2 = -7.37332916720468e-3f, B4 = -1.68282697438203e-3f;
  constexpr float B6 = -2.13374055278905e-4f, B8 = -1.45660718464996e-5f;
  float v = 4.0f < x ? 4.0f : x;
  v = v < -4.0f ? -4.0f : v;
  const float v2 = v * v, v4 = v2 * v2, v8 = v4 * v4;
  const float p = v8 * (v4 * A13 + (A11 * v2 + A9)) + (v4 * (A7 * v2 + A5) + (A3 * v2 + A1));
  const float q = v8 * B8 + (v4 * (B6 * v2 + B4) + (B2 * v2 + B0));
  return v * p / q;
}

inline float GeluOf(float x) {
  const float half = x * 0.5f;
  return half * Erf(x * 0.7071067811865476f) + half;
}

// e^u for u <= 0 (clamped at -87): 2^n e^r, e^r by its degree-6 Taylor polynomial.
inline float ExpNonPositive(float u) {
  const float x = u < -87.0f ? -87.0f : u;
  const float n = std::nearbyint(x * 1.4426950408889634f);
  const float r = n * 2.12194440e-4f + (n * -0.693359375f + x);
  float p = r * static_cast<float>(1.0 / 720) + static_cast<float>(1.0 / 120);
  p = p * r + static_cast<float>(1.0 / 24);
  p = p * r + static_cast<float>(1.0 / 6);
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// dy (Phi(x) + x phi(x)), Phi(x) read back as y / x (0.5 where |x| <= 1e-30).
inline float GeluGradOf(float x, float y, float dy) {
  const float cdf = std::fabs(x) <= 1e-30f ? 0.5f : y / x;
  const float pdf = ExpNonPositive(x * x * -0.5f) * 0.3989422804014327f;
  return dy * (x * pdf + cdf);
}

inline void MomentsRow(const float* __restrict z, const float* __restrict bias, float* __restrict g,
                       const float* __restrict shift, float* __restrict sum, float* __restrict square, int64_t cols) {
  for (int64_t c = 0; c < cols; ++c) {
    const float v = GeluOf(z[c] + bias[c]);
    g[c] = v;
    const float d = v - shift[c];
    sum[c] += d;
    square[c] += d * d;
  }
}

inline void BnGradRow(const float* __restrict dy, const float* __restrict z, const float* __restrict bias,
                      const float* __restrict g, const float* __restrict a, const float* __restrict p,
                      const float* __restrict q, float* __restrict dz, float* __restrict sum, int64_t cols) {
  for (int64_t c = 0; c < cols; ++c) {
    const float gv = g[c];
    const float d = GeluGradOf(z[c] + bias[c], gv, dy[c] * a[c] + (gv * p[c] + q[c]));
    dz[c] = d;
    sum[c] += d;
  }
}

inline void SumsRow(const float* __restrict x, const float* __restrict dy, const float* __restrict mean,
                    float* __restrict s1, float* __restrict s2, int64_t cols) {
  for (int64_t c = 0; c < cols; ++c) {
    const float d = dy[c];
    s1[c] += d;
    s2[c] += d * (x[c] - mean[c]);
  }
}

inline void AddInto(double* __restrict acc, float* __restrict block, int64_t cols) {
  for (int64_t c = 0; c < cols; ++c) {
    acc[c] += block[c];
    block[c] = 0;
  }
}

}  // namespace

SPIN_CLONES void BiasGeluMoments(const float* z, const float* bias, float* g, float* mean, float* variance, int64_t rows,
                                 int64_t cols) {
  std::vector<double> sums(cols), squares(cols);
  std::vector<float> sum(cols), square(cols);
  // Row 0 first: its values are the shifts, and add 0 to the shifted sums.
  for (int64_t c = 0; c < cols; ++c) g[c] = GeluOf(z[c] + bias[c]);
  for (int64_t r0 = 1; r0 < rows; r0 += kBlock) {
    const int64_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows;
    for (int64_t r = r0; r < r1; ++r) MomentsRow(z + r * cols, bias, g + r * cols, g, sum.data(), square.data(), cols);
    AddInto(sums.data(), sum.data(), cols);
    AddInto(squares.data(), square.data(), cols);
  }
  const double inv = 1.0 / static_cast<double>(rows);
  for (int64_t c = 0; c < cols; ++c) {
    const double m = sums[c] * inv;
    const double v = squares[c] * inv - m * m;
    mean[c] = static_cast<float>(static_cast<double>(g[c]) + m);
    variance[c] = static_cast<float>(v > 0 ? v : 0);
  }
}

SPIN_CLONES void BiasGeluBnGrad(const float* dy, const float* z, const float* bias, const float* g, const float* a,
                                const float* p, const float* q, float* dz, float* dbias, int64_t rows, int64_t cols) {
  std::vector<double> acc(cols);
  std::vector<float> sum(cols);
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock) {
    const int64_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows;
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t o = r * cols;
      BnGradRow(dy + o, z + o, bias, g + o, a, p, q, dz + o, sum.data(), cols);
    }
    AddInto(acc.data(), sum.data(), cols);
  }
  for (int64_t c = 0; c < cols; ++c) dbias[c] = static_cast<float>(acc[c]);
}

SPIN_CLONES void BatchNormSums(const float* x, const float* dy, const float* mean, float* s1, float* s2, int64_t rows,
                               int64_t cols) {
  std::vector<double> a(cols), b(cols);
  std::vector<float> d(cols), e(cols);
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock) {
    const int64_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows;
    for (int64_t r = r0; r < r1; ++r) SumsRow(x + r * cols, dy + r * cols, mean, d.data(), e.data(), cols);
    AddInto(a.data(), d.data(), cols);
    AddInto(b.data(), e.data(), cols);
  }
  for (int64_t c = 0; c < cols; ++c) {
    s1[c] = static_cast<float>(a[c]);
    s2[c] = static_cast<float>(b[c]);
  }
}

SPIN_CLONES void Gelu(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = GeluOf(x[i]);
}

SPIN_CLONES void GeluGrad(const float* x, const float* y, const float* dy, float* dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dx[i] = GeluGradOf(x[i], y[i], dy[i]);
}

}  // namespace spin
