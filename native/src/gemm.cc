#include "gemm.h"

#include <oneapi/dnnl/dnnl.h>

namespace spin {

std::string Gemm(const GemmShape& s, const float* a, const float* b, float* c) {
  const int lda = s.transpose_a ? s.m : s.k;
  const int ldb = s.transpose_b ? s.k : s.n;
  for (int t = 0; t < s.batch; ++t) {
    dnnl_status_t status = dnnl_sgemm(s.transpose_a ? 'T' : 'N', s.transpose_b ? 'T' : 'N', s.m, s.n, s.k, 1.0f,
                                      a + t * s.stride_a, lda, b + t * s.stride_b, ldb, 0.0f,
                                      c + static_cast<int64_t>(t) * s.m * s.n, s.n);
    if (status != dnnl_success) return "dnnl_sgemm failed with status " + std::to_string(static_cast<int>(status));
  }
  return "";
}

}  // namespace spin
