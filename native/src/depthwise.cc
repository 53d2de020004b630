#include "depthwise.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

namespace spin {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;

struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};

Context& Ctx() {
  thread_local Context context;
  return context;
}

// One shape's primitives: forward, backward data, backward weights, and where the filter
// lives in the layout each prefers (a reorder from/to tfjs's [kh, kw, c, 1] when it differs).
struct Plan {
  memory::desc src, dst, user_weights;
  // The convolution's geometry, set once here and shared by the three directions.
  memory::dims strides, pad_l, pad_r;
  dnnl::convolution_forward::primitive_desc fwd_pd;
  dnnl::convolution_forward fwd;
  std::unique_ptr<dnnl::convolution_backward_data> bwd_data;
  dnnl::convolution_backward_data::primitive_desc bwd_data_pd;
  std::unique_ptr<dnnl::convolution_backward_weights> bwd_weights;
  dnnl::convolution_backward_weights::primitive_desc bwd_weights_pd;
};

std::string Key(const DepthwiseShape& s) {
  std::string key;
  for (int v : {s.n, s.h, s.w, s.c, s.oh, s.ow, s.kh, s.kw, s.pad_top, s.pad_left}) key += std::to_string(v) + ",";
  return key;
}

Plan& PlanFor(const DepthwiseShape& s) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Plan>> plans;
  std::string key = Key(s);
  auto found = plans.find(key);
  if (found != plans.end()) return *found->second;
  Context& ctx = Ctx();
  memory::dims src{s.n, s.c, s.h, s.w}, dst{s.n, s.c, s.oh, s.ow}, weights{s.c, 1, 1, s.kh, s.kw};
  auto plan = std::make_unique<Plan>();
  plan->strides = {1, 1};
  plan->pad_l = {s.pad_top, s.pad_left};
  plan->pad_r = {s.oh - s.h + s.kh - 1 - s.pad_top, s.ow - s.w + s.kw - 1 - s.pad_left};
  plan->src = memory::desc(src, kF32, Tag::nhwc);
  plan->dst = memory::desc(dst, kF32, Tag::nhwc);
  plan->user_weights = memory::desc(weights, kF32, Tag::hwigo);
  memory::desc any_weights(weights, kF32, Tag::any);
  dnnl::convolution_forward::desc fwd(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, plan->src,
                                      any_weights, plan->dst, plan->strides, plan->pad_l, plan->pad_r);
  plan->fwd_pd = dnnl::convolution_forward::primitive_desc(fwd, ctx.engine);
  plan->fwd = dnnl::convolution_forward(plan->fwd_pd);
  return *plans.emplace(key, std::move(plan)).first->second;
}

// The filter as the primitive wants it: the user's memory itself, or a reordered copy.
memory WeightsIn(const memory::desc& wanted, const memory::desc& user, const float* f) {
  Context& ctx = Ctx();
  memory user_mem(user, ctx.engine, const_cast<float*>(f));
  if (wanted == user) return user_mem;
  memory mem(wanted, ctx.engine);
  dnnl::reorder(user_mem, mem).execute(ctx.stream, user_mem, mem);
  return mem;
}

template <typename Run>
std::string Guard(Run run) {
  try {
    run();
    Ctx().stream.wait();
    return "";
  } catch (const dnnl::error& e) {
    return std::string("oneDNN: ") + e.what();
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

std::string DepthwiseForward(const DepthwiseShape& s, const float* x, const float* f, float* y) {
  return Guard([&] {
    Plan& p = PlanFor(s);
    Context& ctx = Ctx();
    memory src(p.src, ctx.engine, const_cast<float*>(x)), dst(p.dst, ctx.engine, y);
    memory weights = WeightsIn(p.fwd_pd.weights_desc(), p.user_weights, f);
    p.fwd.execute(ctx.stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}});
  });
}

std::string DepthwiseInputGrad(const DepthwiseShape& s, const float* dy, const float* f, float* dx) {
  return Guard([&] {
    Plan& p = PlanFor(s);
    Context& ctx = Ctx();
    if (!p.bwd_data) {
      memory::desc any_weights(p.user_weights.dims(), kF32, Tag::any);
      dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, p.src, any_weights, p.dst, p.strides, p.pad_l, p.pad_r);
      p.bwd_data_pd = dnnl::convolution_backward_data::primitive_desc(d, ctx.engine, p.fwd_pd);
      p.bwd_data = std::make_unique<dnnl::convolution_backward_data>(p.bwd_data_pd);
    }
    memory diff_dst(p.dst, ctx.engine, const_cast<float*>(dy)), diff_src(p.src, ctx.engine, dx);
    memory weights = WeightsIn(p.bwd_data_pd.weights_desc(), p.user_weights, f);
    p.bwd_data->execute(ctx.stream, {{DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DIFF_SRC, diff_src}});
  });
}

std::string DepthwiseFilterGradOneDnn(const DepthwiseShape& s, const float* x, const float* dy, float* df) {
  return Guard([&] {
    Plan& p = PlanFor(s);
    Context& ctx = Ctx();
    if (!p.bwd_weights) {
      memory::desc any_weights(p.user_weights.dims(), kF32, Tag::any);
      dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, p.src, any_weights, p.dst, p.strides, p.pad_l, p.pad_r);
      p.bwd_weights_pd = dnnl::convolution_backward_weights::primitive_desc(d, ctx.engine, p.fwd_pd);
      p.bwd_weights = std::make_unique<dnnl::convolution_backward_weights>(p.bwd_weights_pd);
    }
    memory src(p.src, ctx.engine, const_cast<float*>(x)), diff_dst(p.dst, ctx.engine, const_cast<float*>(dy));
    memory user(p.user_weights, ctx.engine, df);
    const memory::desc& wanted = p.bwd_weights_pd.diff_weights_desc();
    memory diff_weights = wanted == p.user_weights ? user : memory(wanted, ctx.engine);
    p.bwd_weights->execute(ctx.stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_WEIGHTS, diff_weights}});
    if (!(wanted == p.user_weights)) dnnl::reorder(diff_weights, user).execute(ctx.stream, diff_weights, user);
  });
}

namespace {

// 16 floats: one AVX-512 register in the avx512f clone, two or four in the others.
typedef float V16 __attribute__((vector_size(64), aligned(4)));

// part[kh, kw, c] += sum over (oh, ow) of one image's x[oh - pt + kh, ow - pl + kw, c] dy[oh, ow, c]:
// per tap and strip of 16 channels, the sum over a row's columns stays in a register.
__attribute__((target_clones("avx512f", "avx2", "default")))
void FilterGradImage(const DepthwiseShape& s, const float* x, const float* dy, float* part) {
  const int64_t c = s.c, c16 = c & ~int64_t{15};
  for (int oh = 0; oh < s.oh; ++oh) {
    const float* dy_row = dy + static_cast<int64_t>(oh) * s.ow * c;
    for (int kh = 0; kh < s.kh; ++kh) {
      const int ih = oh - s.pad_top + kh;
      if (ih < 0 || ih >= s.h) continue;
      const float* x_row = x + static_cast<int64_t>(ih) * s.w * c;
      for (int kw = 0; kw < s.kw; ++kw) {
        const int lo = s.pad_left - kw > 0 ? s.pad_left - kw : 0;
        const int hi = s.w + s.pad_left - kw < s.ow ? s.w + s.pad_left - kw : s.ow;
        if (hi <= lo) continue;
        float* tap = part + (static_cast<int64_t>(kh) * s.kw + kw) * c;
        const float* xs = x_row + static_cast<int64_t>(lo - s.pad_left + kw) * c;
        const float* ds = dy_row + static_cast<int64_t>(lo) * c;
        for (int64_t ch = 0; ch < c16; ch += 16) {
          V16 acc = *reinterpret_cast<const V16*>(tap + ch);
          const float* xp = xs + ch;
          const float* dp = ds + ch;
          for (int ow = lo; ow < hi; ++ow, xp += c, dp += c) acc += *reinterpret_cast<const V16*>(xp) * *reinterpret_cast<const V16*>(dp);
          *reinterpret_cast<V16*>(tap + ch) = acc;
        }
        for (int64_t ch = c16; ch < c; ++ch) {
          float acc = tap[ch];
          for (int ow = lo; ow < hi; ++ow) acc += xs[static_cast<int64_t>(ow - lo) * c + ch] * ds[static_cast<int64_t>(ow - lo) * c + ch];
          tap[ch] = acc;
        }
      }
    }
  }
}

}  // namespace

// Own loops rather than oneDNN's: its backward-weights primitive for this layout ran at
// ~8 GFLOP/s here (ConvMixer-128 k5, batch 64), a third of its forward's speed. Per image in
// float32, then into float64 accumulators (fixed order: deterministic).
std::string DepthwiseFilterGrad(const DepthwiseShape& s, const float* x, const float* dy, float* df) {
  const int64_t taps = static_cast<int64_t>(s.kh) * s.kw * s.c;
  std::vector<float> part(taps);
  std::vector<double> acc(taps, 0.0);
  const int64_t in_image = static_cast<int64_t>(s.h) * s.w * s.c, out_image = static_cast<int64_t>(s.oh) * s.ow * s.c;
  for (int n = 0; n < s.n; ++n) {
    std::fill(part.begin(), part.end(), 0.0f);
    FilterGradImage(s, x + n * in_image, dy + n * out_image, part.data());
    for (int64_t i = 0; i < taps; ++i) acc[i] += part[i];
  }
  for (int64_t i = 0; i < taps; ++i) df[i] = static_cast<float>(acc[i]);
  return "";
}

std::string DepthwiseImpl(const DepthwiseShape& s) {
  std::string impl;
  std::string error = Guard([&] { impl = PlanFor(s).fwd_pd.impl_info_str(); });
  return error.empty() ? impl : error;
}

}  // namespace spin
