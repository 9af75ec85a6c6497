// Every engine buffer, host or device, is an RAII object registered with one MemoryTracker: live bytes,
// peak, allocation and free counts, bytes per named buffer. dispose() must leave the tracker at zero.
//
// Buffer kinds:
//   HostBuffer<T>   - 64-byte aligned host memory (this file).
//   DeviceBuffer<T> - CUDA memory (native/cuda), same shape: (tracker, name, count), data(), size(), bytes().
// Per-step scratch (the deviceMemory switch) is BufferPool, in shared/device_memory.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <utility>

namespace forcelab {

class MemoryTracker {
 public:
  struct Snapshot {
    size_t liveBytes = 0;
    size_t peakBytes = 0;
    uint64_t allocations = 0;
    uint64_t frees = 0;
    std::map<std::string, size_t> buffers;  // live bytes per buffer name (names with 0 bytes omitted)
  };

  void recordAlloc(const std::string& name, size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_ += bytes;
    peak_ = std::max(peak_, live_);
    ++allocations_;
    perName_[name] += bytes;
  }

  void recordFree(const std::string& name, size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_ -= bytes;
    ++frees_;
    auto it = perName_.find(name);
    if (it != perName_.end()) {
      it->second -= bytes;
      if (it->second == 0) perName_.erase(it);
    }
  }

  Snapshot snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    Snapshot s;
    s.liveBytes = live_;
    s.peakBytes = peak_;
    s.allocations = allocations_;
    s.frees = frees_;
    s.buffers = perName_;
    return s;
  }

  /** Peak bytes count from now: the engine calls it when a new graph is set, so the peak is the current
   *  graph's (since it was set), not an older, larger one's. */
  void resetPeak() {
    std::lock_guard<std::mutex> lock(mutex_);
    peak_ = live_;
  }

  uint64_t allocations() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return allocations_;
  }

  size_t liveBytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return live_;
  }

 private:
  mutable std::mutex mutex_;
  size_t live_ = 0;
  size_t peak_ = 0;
  uint64_t allocations_ = 0;
  uint64_t frees_ = 0;
  std::map<std::string, size_t> perName_;
};

/**
 * The one RAII buffer type of the engine: a tracked array of trivially copyable T, registered with the
 * MemoryTracker for its whole life. Move-only; contents uninitialised. `Allocation` says where the bytes
 * live: aligned host memory here; device and pinned host memory in native/cuda/device_buffer.cuh.
 */
template <class T, class Allocation>
class TrackedBuffer {
 public:
  TrackedBuffer() = default;
  TrackedBuffer(MemoryTracker& tracker, std::string name, size_t count)
      : tracker_(&tracker), name_(std::move(name)), count_(count) {
    if (count_ == 0) return;
    data_ = static_cast<T*>(Allocation::allocate(roundedBytes(), name_));
    tracker_->recordAlloc(name_, roundedBytes());
  }
  TrackedBuffer(const TrackedBuffer&) = delete;
  TrackedBuffer& operator=(const TrackedBuffer&) = delete;
  TrackedBuffer(TrackedBuffer&& o) noexcept { swap(o); }
  TrackedBuffer& operator=(TrackedBuffer&& o) noexcept {
    if (this != &o) {
      reset();
      swap(o);
    }
    return *this;
  }
  ~TrackedBuffer() { reset(); }

  void reset() {
    if (data_) {
      Allocation::release(data_);  // must not throw: runs in destructors
      tracker_->recordFree(name_, roundedBytes());
    }
    data_ = nullptr;
    count_ = 0;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return count_; }
  size_t bytes() const { return data_ ? roundedBytes() : 0; }
  T& operator[](size_t i) { return data_[i]; }  // host allocations only
  const T& operator[](size_t i) const { return data_[i]; }

 private:
  // Rounded to 64 bytes, whatever the allocation, so the tracker's figures mean the same for every kind.
  size_t roundedBytes() const { return (count_ * sizeof(T) + 63) / 64 * 64; }
  void swap(TrackedBuffer& o) noexcept {
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

/** 64-byte aligned host memory (cache lines, AVX loads). */
struct AlignedHostAllocation {
  static void* allocate(size_t bytes, const std::string&) {
    void* p = std::aligned_alloc(64, bytes);
    if (!p) throw std::bad_alloc();
    return p;
  }
  static void release(void* p) { std::free(p); }
};

template <class T>
using HostBuffer = TrackedBuffer<T, AlignedHostAllocation>;

}  // namespace forcelab
