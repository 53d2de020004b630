// C[t] = op(A[t]) op(B[t]) for t < batch, row-major f32, through oneDNN's sgemm (JIT, its
// own ISA dispatch). A side with batch stride 0 is one matrix for every t.
#ifndef SPIN_NATIVE_GEMM_H_
#define SPIN_NATIVE_GEMM_H_

#include <cstdint>
#include <string>

namespace spin {

struct GemmShape {
  int batch, m, n, k;
  bool transpose_a, transpose_b;
  int64_t stride_a, stride_b;  // floats between consecutive matrices (0: broadcast)
};

// Returns an empty string, or what went wrong.
std::string Gemm(const GemmShape& s, const float* a, const float* b, float* c);

}  // namespace spin

#endif  // SPIN_NATIVE_GEMM_H_
