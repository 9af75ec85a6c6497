// Host/device portability for the layout math shared by the CUDA kernels and the CPU backend.
// Everything in native/src/shared/ and the host/device maths in native/cuda/*.cuh compiles under nvcc
// (as __host__ __device__) and under plain g++, so the CPU backend and the CPU tests run exactly the code
// the GPU runs. shared/ holds what both backends include; cuda/ what only the CUDA side does.
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define FL_HD __host__ __device__ __forceinline__
#else
#define FL_HD inline
#endif

namespace forcelab {

FL_HD int clz64(std::uint64_t x) {
#if defined(__CUDA_ARCH__)
  return __clzll(static_cast<long long>(x));
#else
  return x == 0 ? 64 : __builtin_clzll(x);
#endif
}

FL_HD int clz32(std::uint32_t x) {
#if defined(__CUDA_ARCH__)
  return __clz(static_cast<int>(x));
#else
  return x == 0 ? 32 : __builtin_clz(x);
#endif
}

FL_HD float minf(float a, float b) { return a < b ? a : b; }
FL_HD float maxf(float a, float b) { return a > b ? a : b; }

}  // namespace forcelab
