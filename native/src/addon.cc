// The module entry: one N-API function per kernel, each taking the wasm heap's ArrayBuffer,
// byte offsets into it and sizes (Args checks them), plus info() and setThreads().
// Context-aware (NAPI_MODULE_INIT), so every piscina worker thread loads its own instance;
// oneDNN state (engine, stream, cached primitives) is per thread.
// node_version.h first: it defines NAPI_VERSION, which node_api.h otherwise defaults.
#include <node_version.h>
#include <node_api.h>
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <string>

#include "args.h"
#include "depthwise.h"
#include "elementwise.h"
#include "fused.h"
#include "gemm.h"

namespace spin {
namespace {

napi_value Fail(napi_env env, const std::string& error) {
  if (!error.empty()) napi_throw_error(env, nullptr, ("spin native kernel: " + error).c_str());
  return nullptr;
}

// gemm(heap, a, b, c, batch, m, n, k, transposeA, transposeB, batchStrideA, batchStrideB)
napi_value GemmCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 12);
  GemmShape s{args.I32(4), args.I32(5), args.I32(6), args.I32(7), args.I32(8) != 0, args.I32(9) != 0,
              args.I32(10), args.I32(11)};
  if (!args.ok()) return args.Finish();
  const int64_t batch_a = s.stride_a == 0 ? 1 : s.batch, batch_b = s.stride_b == 0 ? 1 : s.batch;
  const float* a = args.F32(1, (batch_a - 1) * s.stride_a + static_cast<int64_t>(s.m) * s.k);
  const float* b = args.F32(2, (batch_b - 1) * s.stride_b + static_cast<int64_t>(s.k) * s.n);
  float* c = args.F32(3, static_cast<int64_t>(s.batch) * s.m * s.n);
  if (!args.ok()) return args.Finish();
  return Fail(env, Gemm(s, a, b, c));
}

// The three tensors of a depthwise call, by their size in the forward convolution's terms.
enum class Part { kIn, kOut, kFilter };

int64_t SizeOf(const DepthwiseShape& s, Part part) {
  switch (part) {
    case Part::kIn: return static_cast<int64_t>(s.n) * s.h * s.w * s.c;
    case Part::kOut: return static_cast<int64_t>(s.n) * s.oh * s.ow * s.c;
    case Part::kFilter: return static_cast<int64_t>(s.kh) * s.kw * s.c;
  }
  return 0;
}

using DepthwiseKernel = std::string (*)(const DepthwiseShape&, const float*, const float*, float*);

// kernel(heap, first, second, out, n, h, w, c, oh, ow, kh, kw, padTop, padLeft): every
// depthwise call takes the forward convolution's sizes and two inputs and one output,
// whose parts (and so sizes) the template names.
template <DepthwiseKernel kernel, Part first, Part second, Part out>
napi_value DepthwiseCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 14);
  const DepthwiseShape s{args.I32(4), args.I32(5), args.I32(6), args.I32(7), args.I32(8),
                         args.I32(9), args.I32(10), args.I32(11), args.I32(12), args.I32(13)};
  if (!args.ok()) return args.Finish();
  const float* a = args.F32(1, SizeOf(s, first));
  const float* b = args.F32(2, SizeOf(s, second));
  float* y = args.F32(3, SizeOf(s, out));
  if (!args.ok()) return args.Finish();
  return Fail(env, kernel(s, a, b, y));
}

// adam(heap, w, g, m, v, out, n, lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, c1, c2, eps)
napi_value AdamCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 15);
  const int32_t n = args.I32(6);
  AdamParams p{static_cast<float>(args.F64(7)), static_cast<float>(args.F64(8)), static_cast<float>(args.F64(9)),
               static_cast<float>(args.F64(10)), static_cast<float>(args.F64(11)), static_cast<float>(args.F64(12)),
               static_cast<float>(args.F64(13)), static_cast<float>(args.F64(14))};
  const float* w = args.F32(1, n);
  const float* g = args.F32(2, n);
  float* m = args.F32(3, n);
  float* v = args.F32(4, n);
  float* out = args.F32(5, n);
  if (!args.ok()) return args.Finish();
  Adam(w, g, m, v, out, n, p);
  return nullptr;
}

// channelAffine(heap, x, a, b, out, rows, cols)
napi_value ChannelAffineCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 7);
  const int64_t rows = args.I32(5), cols = args.I32(6);
  const float* x = args.F32(1, rows * cols);
  const float* a = args.F32(2, cols);
  const float* b = args.F32(3, cols);
  float* out = args.F32(4, rows * cols);
  if (!args.ok()) return args.Finish();
  ChannelAffine(x, a, b, out, rows, cols);
  return nullptr;
}

// channelAffine2(heap, dy, x, a, p, q, out, rows, cols)
napi_value ChannelAffine2Call(napi_env env, napi_callback_info info) {
  Args args(env, info, 9);
  const int64_t rows = args.I32(7), cols = args.I32(8);
  const float* dy = args.F32(1, rows * cols);
  const float* x = args.F32(2, rows * cols);
  const float* a = args.F32(3, cols);
  const float* p = args.F32(4, cols);
  const float* q = args.F32(5, cols);
  float* out = args.F32(6, rows * cols);
  if (!args.ok()) return args.Finish();
  ChannelAffine2(dy, x, a, p, q, out, rows, cols);
  return nullptr;
}

// biasGeluMoments(heap, z, bias, g, mean, variance, rows, cols)
napi_value BiasGeluMomentsCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 8);
  const int64_t rows = args.I32(6), cols = args.I32(7);
  const float* z = args.F32(1, rows * cols);
  const float* bias = args.F32(2, cols);
  float* g = args.F32(3, rows * cols);
  float* mean = args.F32(4, cols);
  float* variance = args.F32(5, cols);
  if (!args.ok()) return args.Finish();
  if (rows < 1) return Fail(env, "biasGeluMoments needs rows >= 1");
  BiasGeluMoments(z, bias, g, mean, variance, rows, cols);
  return nullptr;
}

// biasGeluBnGrad(heap, dy, z, bias, g, a, p, q, dz, dbias, rows, cols)
napi_value BiasGeluBnGradCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 12);
  const int64_t rows = args.I32(10), cols = args.I32(11);
  const float* dy = args.F32(1, rows * cols);
  const float* z = args.F32(2, rows * cols);
  const float* bias = args.F32(3, cols);
  const float* g = args.F32(4, rows * cols);
  const float* a = args.F32(5, cols);
  const float* p = args.F32(6, cols);
  const float* q = args.F32(7, cols);
  float* dz = args.F32(8, rows * cols);
  float* dbias = args.F32(9, cols);
  if (!args.ok()) return args.Finish();
  BiasGeluBnGrad(dy, z, bias, g, a, p, q, dz, dbias, rows, cols);
  return nullptr;
}

// batchNormSums(heap, x, dy, mean, s1, s2, rows, cols)
napi_value BatchNormSumsCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 8);
  const int64_t rows = args.I32(6), cols = args.I32(7);
  const float* x = args.F32(1, rows * cols);
  const float* dy = args.F32(2, rows * cols);
  const float* mean = args.F32(3, cols);
  float* s1 = args.F32(4, cols);
  float* s2 = args.F32(5, cols);
  if (!args.ok()) return args.Finish();
  BatchNormSums(x, dy, mean, s1, s2, rows, cols);
  return nullptr;
}

// gelu(heap, x, y, n)
napi_value GeluCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 4);
  const int64_t n = args.I32(3);
  const float* x = args.F32(1, n);
  float* y = args.F32(2, n);
  if (!args.ok()) return args.Finish();
  Gelu(x, y, n);
  return nullptr;
}

// geluGrad(heap, x, y, dy, dx, n)
napi_value GeluGradCall(napi_env env, napi_callback_info info) {
  Args args(env, info, 6);
  const int64_t n = args.I32(5);
  const float* x = args.F32(1, n);
  const float* y = args.F32(2, n);
  const float* dy = args.F32(3, n);
  float* dx = args.F32(4, n);
  if (!args.ok()) return args.Finish();
  GeluGrad(x, y, dy, dx, n);
  return nullptr;
}

// setThreads(n): oneDNN's OpenMP threads for calls from this thread (ICVs are per thread).
napi_value SetThreadsCall(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n = 0;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 1 || napi_get_value_int32(env, argv[0], &n) != napi_ok || n < 1) {
    napi_throw_range_error(env, nullptr, "spin native kernel: setThreads needs a positive integer");
    return nullptr;
  }
  omp_set_num_threads(n);
  return nullptr;
}

// depthwiseImpl(n, h, w, c, oh, ow, kh, kw, padTop, padLeft): oneDNN's implementation name.
napi_value DepthwiseImplCall(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  int32_t v[10] = {0};
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  for (size_t i = 0; i < argc && i < 10; ++i) napi_get_value_int32(env, argv[i], &v[i]);
  std::string impl = DepthwiseImpl(DepthwiseShape{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]});
  napi_value out;
  napi_create_string_utf8(env, impl.c_str(), impl.size(), &out);
  return out;
}

void SetString(napi_env env, napi_value object, const char* key, const std::string& value) {
  napi_value v;
  napi_create_string_utf8(env, value.c_str(), value.size(), &v);
  napi_set_named_property(env, object, key, v);
}

void SetNumber(napi_env env, napi_value object, const char* key, double value) {
  napi_value v;
  napi_create_double(env, value, &v);
  napi_set_named_property(env, object, key, v);
}

const char* IsaName(dnnl_cpu_isa_t isa) {
  switch (isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx512_mic: return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    default: return "other";
  }
}

// info(): the Node ABI this was compiled for (the loader refuses a mismatch), oneDNN's
// version, the ISA its JIT uses here, the threads runtime and this thread's thread count.
napi_value InfoCall(napi_env env, napi_callback_info /*info*/) {
  napi_value out;
  napi_create_object(env, &out);
  SetNumber(env, out, "nodeModuleVersion", NODE_MODULE_VERSION);
  SetNumber(env, out, "napiVersion", NAPI_VERSION);
  const dnnl_version_t* v = dnnl_version();
  SetString(env, out, "library", "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                                     std::to_string(v->patch));
  SetString(env, out, "isa", IsaName(dnnl_get_effective_cpu_isa()));
  SetString(env, out, "threading", "OpenMP");
  SetNumber(env, out, "threads", omp_get_max_threads());
  return out;
}

}  // namespace
}  // namespace spin

NAPI_MODULE_INIT() {
  const struct {
    const char* name;
    napi_callback fn;
  } functions[] = {
      {"gemm", spin::GemmCall},
      // depthwiseForward(heap, x, f, y, ...sizes)
      {"depthwiseForward", spin::DepthwiseCall<spin::DepthwiseForward, spin::Part::kIn, spin::Part::kFilter, spin::Part::kOut>},
      // depthwiseInputGrad(heap, dy, f, dx, ...sizes)
      {"depthwiseInputGrad", spin::DepthwiseCall<spin::DepthwiseInputGrad, spin::Part::kOut, spin::Part::kFilter, spin::Part::kIn>},
      // depthwiseFilterGrad(heap, x, dy, df, ...sizes); the OneDnn variant is oneDNN's primitive, kept to compare.
      {"depthwiseFilterGrad", spin::DepthwiseCall<spin::DepthwiseFilterGrad, spin::Part::kIn, spin::Part::kOut, spin::Part::kFilter>},
      {"depthwiseFilterGradOneDnn",
       spin::DepthwiseCall<spin::DepthwiseFilterGradOneDnn, spin::Part::kIn, spin::Part::kOut, spin::Part::kFilter>},
      {"adam", spin::AdamCall},
      {"channelAffine", spin::ChannelAffineCall},
      {"channelAffine2", spin::ChannelAffine2Call},
      {"biasGeluMoments", spin::BiasGeluMomentsCall},
      {"biasGeluBnGrad", spin::BiasGeluBnGradCall},
      {"batchNormSums", spin::BatchNormSumsCall},
      {"gelu", spin::GeluCall},
      {"geluGrad", spin::GeluGradCall},
      {"setThreads", spin::SetThreadsCall},
      {"depthwiseImpl", spin::DepthwiseImplCall},
      {"info", spin::InfoCall},
  };
  for (const auto& f : functions) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}
