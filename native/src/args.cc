#include "args.h"

#include <cmath>

namespace spin {

Args::Args(napi_env env, napi_callback_info info, size_t expected) : env_(env) {
  if (napi_get_cb_info(env, info, &argc_, argv_, nullptr, nullptr) != napi_ok) {
    Fail("cannot read the arguments");
    return;
  }
  if (argc_ != expected) {
    Fail("expected " + std::to_string(expected) + " arguments, got " + std::to_string(argc_));
    return;
  }
  bool is_buffer = false;
  napi_is_arraybuffer(env, argv_[0], &is_buffer);
  void* data = nullptr;
  if (!is_buffer || napi_get_arraybuffer_info(env, argv_[0], &data, &length_) != napi_ok) {
    Fail("argument 0 must be the wasm memory's ArrayBuffer");
    return;
  }
  base_ = static_cast<uint8_t*>(data);
}

void Args::Fail(const std::string& message) {
  if (error_.empty()) error_ = "spin native kernel: " + message;
}

double Args::F64(size_t i) {
  double value = 0;
  if (!ok()) return 0;
  if (i >= argc_ || napi_get_value_double(env_, argv_[i], &value) != napi_ok || !std::isfinite(value)) {
    Fail("argument " + std::to_string(i) + " must be a finite number");
  }
  return value;
}

int32_t Args::I32(size_t i) {
  double value = F64(i);
  if (ok() && (value != std::floor(value) || value < -2147483648.0 || value > 2147483647.0)) {
    Fail("argument " + std::to_string(i) + " must be a 32-bit integer");
  }
  return static_cast<int32_t>(value);
}

float* Args::F32(size_t i, int64_t count) {
  double offset = F64(i);
  if (!ok()) return nullptr;
  if (offset < 0 || offset != std::floor(offset) || static_cast<uint64_t>(offset) % 4 != 0 || count < 0 ||
      static_cast<double>(offset) + 4.0 * static_cast<double>(count) > static_cast<double>(length_)) {
    Fail("argument " + std::to_string(i) + ": " + std::to_string(count) + " floats at byte " +
         std::to_string(static_cast<int64_t>(offset)) + " lie outside the heap of " + std::to_string(length_) + " bytes");
    return nullptr;
  }
  return reinterpret_cast<float*>(base_ + static_cast<size_t>(offset));
}

napi_value Args::Finish() {
  if (!ok()) napi_throw_error(env_, nullptr, error_.c_str());
  return nullptr;
}

}  // namespace spin
