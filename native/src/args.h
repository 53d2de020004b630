// Arguments of one kernel call, converted at the boundary: byte offsets into the tfjs wasm
// heap (an ArrayBuffer passed as the first argument of every call, re-read by the caller
// each time since the memory can grow) become checked float pointers, numbers become ints.
// Every error is a JS exception with one message; kernels never see N-API types.
#ifndef SPIN_NATIVE_ARGS_H_
#define SPIN_NATIVE_ARGS_H_

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace spin {

class Args {
 public:
  Args(napi_env env, napi_callback_info info, size_t expected);
  bool ok() const { return error_.empty(); }
  // The float32 array of `count` elements at the byte offset in argument i.
  float* F32(size_t i, int64_t count);
  int32_t I32(size_t i);
  double F64(size_t i);
  // Throws the first error as a JS exception (when there is one); returns undefined.
  napi_value Finish();
  napi_env env() const { return env_; }

 private:
  napi_env env_;
  napi_value argv_[24];
  size_t argc_ = 24;
  uint8_t* base_ = nullptr;
  size_t length_ = 0;
  std::string error_;
  void Fail(const std::string& message);
};

}  // namespace spin

#endif  // SPIN_NATIVE_ARGS_H_
