// Tracked CUDA memory, the same shape as HostBuffer (memory_tracker.h): (tracker, name, count),
// data(), size(), bytes(), move-only, registered with the MemoryTracker for its whole life.
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

template <class T, class Allocation>
class CudaBuffer {
 public:
  CudaBuffer() = default;
  CudaBuffer(MemoryTracker& tracker, std::string name, size_t count)
      : tracker_(&tracker), name_(std::move(name)), count_(count) {
    if (count_ == 0) return;
    data_ = static_cast<T*>(Allocation::allocate(roundedBytes(), name_));
    tracker_->recordAlloc(name_, roundedBytes());
  }
  CudaBuffer(const CudaBuffer&) = delete;
  CudaBuffer& operator=(const CudaBuffer&) = delete;
  CudaBuffer(CudaBuffer&& o) noexcept { swap(o); }
  CudaBuffer& operator=(CudaBuffer&& o) noexcept {
    if (this != &o) {
      reset();
      swap(o);
    }
    return *this;
  }
  ~CudaBuffer() { reset(); }

  void reset() {
    if (data_) {
      Allocation::release(data_);
      tracker_->recordFree(name_, roundedBytes());
    }
    data_ = nullptr;
    count_ = 0;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return count_; }
  size_t bytes() const { return data_ ? roundedBytes() : 0; }

 private:
  // Rounded like HostBuffer so the tracker's figures mean the same for both kinds.
  size_t roundedBytes() const { return (count_ * sizeof(T) + 63) / 64 * 64; }
  void swap(CudaBuffer& o) noexcept {
    std::swap(tracker_, o.tracker_);
    std::swap(name_, o.name_);
    std::swap(data_, o.data_);
    std::swap(count_, o.count_);
  }

  MemoryTracker* tracker_ = nullptr;
  std::string name_;
  T* data_ = nullptr;
  size_t count_ = 0;
};

template <class T>
using DeviceBuffer = CudaBuffer<T, DeviceAllocation>;
template <class T>
using PinnedHostBuffer = CudaBuffer<T, PinnedAllocation>;

using DevicePool = BufferPool<DeviceBuffer<unsigned char>>;

}  // namespace forcelab
