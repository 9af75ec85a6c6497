// Tracked CUDA memory: the engine's one buffer type (TrackedBuffer, memory_tracker.h) with CUDA allocations,
// so device and host buffers report to the same MemoryTracker in the same way.
//   DeviceBuffer<T>      - device memory (cudaMalloc / cudaFree)
//   PinnedHostBuffer<T>  - page-locked host memory (cudaMallocHost), what async copies need
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <string>
#include <utility>

#include "../src/memory_tracker.h"
#include "cuda_check.cuh"

namespace forcelab {

struct DeviceAllocation {
  static void* allocate(size_t bytes, const std::string& name) {
    void* p = nullptr;
    cudaCheck(cudaMalloc(&p, bytes), ("cudaMalloc of " + name).c_str());
    return p;
  }
  static void release(void* p) { cudaFree(p); }  // never throws from a destructor; errors resurface later
};

struct PinnedAllocation {
  static void* allocate(size_t bytes, const std::string& name) {
    void* p = nullptr;
    cudaCheck(cudaMallocHost(&p, bytes), ("cudaMallocHost of " + name).c_str());
    return p;
  }
  static void release(void* p) { cudaFreeHost(p); }
};

template <class T>
using DeviceBuffer = TrackedBuffer<T, DeviceAllocation>;
template <class T>
using PinnedHostBuffer = TrackedBuffer<T, PinnedAllocation>;

}  // namespace forcelab
