// Every CUDA runtime call goes through CUDA_CHECK: a failure becomes a CudaError naming the call
// and the runtime's message, which the engine catches to fall back to the CPU backend.
#pragma once
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace forcelab {

class CudaError : public std::runtime_error {
 public:
  CudaError(const char* what, cudaError_t code)
      : std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorString(code) + " (" +
                           cudaGetErrorName(code) + ")"),
        code_(code) {}
  cudaError_t code() const { return code_; }

 private:
  cudaError_t code_;
};

inline void cudaCheck(cudaError_t code, const char* what) {
  if (code != cudaSuccess) throw CudaError(what, code);
}

}  // namespace forcelab

#define FL_STR2(x) #x
#define FL_STR(x) FL_STR2(x)
#define CUDA_CHECK(call) ::forcelab::cudaCheck((call), #call " at " __FILE__ ":" FL_STR(__LINE__))
/** After a kernel launch: catches bad launch configurations immediately (not execution errors). */
#define CUDA_CHECK_LAUNCH(name) ::forcelab::cudaCheck(cudaGetLastError(), "launch of " name)
