// ConvMixer's conv bias + GELU + BatchNorm (training) passes and the BatchNorm gradient's
// channel sums, on row-major [rows, cols] activations (NHWC flattened, a column per
// channel): the arithmetic of the wasm module's (src/backend/wasm/assembly/fused.ts,
// reduce.ts), in blocks of 16 rows summed in float32 then added into float64 per channel
// (fixed order: deterministic), with the inner loops across channels so each ISA clone
// (AVX-512, AVX2, baseline) vectorises them.
#ifndef SPIN_NATIVE_FUSED_H_
#define SPIN_NATIVE_FUSED_H_

#include <cstdint>

namespace spin {

// g = gelu(z + bias[c]); mean and population variance of g per channel (sums shifted by row 0).
void BiasGeluMoments(const float* z, const float* bias, float* g, float* mean, float* variance, int64_t rows, int64_t cols);
// dz = gelu'(z + bias) (dy a + (g p + q)); dbias[c] = sum over rows of dz.
void BiasGeluBnGrad(const float* dy, const float* z, const float* bias, const float* g, const float* a, const float* p,
                    const float* q, float* dz, float* dbias, int64_t rows, int64_t cols);
// s1[c] = sum of dy[r, c]; s2[c] = sum of dy[r, c] (x[r, c] - mean[c]).
void BatchNormSums(const float* x, const float* dy, const float* mean, float* s1, float* s2, int64_t rows, int64_t cols);
// y = gelu(x); dx = dy gelu'(x) given y.
void Gelu(const float* x, float* y, int64_t n);
void GeluGrad(const float* x, const float* y, const float* dy, float* dx, int64_t n);

}  // namespace spin

#endif  // SPIN_NATIVE_FUSED_H_
