// Every engine buffer, host or device, is an RAII object registered with one MemoryTracker: live bytes,
// peak, allocation and free counts, bytes per named buffer. dispose() must leave the tracker at zero.
//
// Buffer kinds:
//   HostBuffer<T>   - 64-byte aligned host memory (this file).
//   DeviceBuffer<T> - CUDA memory (native/cuda), same shape: (tracker, name, count), data(), size(), bytes().
// BufferPool<ByteBuffer> hands out per-step scratch memory: with pooling on (the deviceMemory switch) a
// named buffer is kept and reused across steps and graph resizes, growing with headroom, so a steady-state
// step allocates nothing; with pooling off every buffer is allocated on first use in a step and freed by
// endStep(), the naive path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
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

/**
 * Named per-step scratch buffers. ByteBuffer is HostBuffer<unsigned char> on the CPU and
 * DeviceBuffer<unsigned char> on CUDA: constructible from (MemoryTracker&, std::string, size_t bytes),
 * with data() and bytes(). Not thread-safe: one owner thread (the stepping thread).
 */
template <class ByteBuffer>
class BufferPool {
 public:
  explicit BufferPool(MemoryTracker& tracker) : tracker_(tracker) {}

  /** On: keep buffers across steps. Off: free them at every endStep(). */
  void setPooling(bool on) {
    if (pooling_ && !on) clear();
    pooling_ = on;
  }
  bool pooling() const { return pooling_; }

  /** Scratch for `count` elements of T, valid until endStep() (pooling off) or the next larger get() of the
   *  same name (pooling on). Contents are unspecified. */
  template <class T>
  T* get(const std::string& name, size_t count) {
    size_t need = std::max<size_t>(count * sizeof(T), 64);
    auto it = buffers_.find(name);
    if (it != buffers_.end() && it->second.bytes() >= need) return reinterpret_cast<T*>(it->second.data());
    // Headroom when pooled so a slowly growing buffer (interaction lists) stops reallocating quickly.
    size_t bytes = pooling_ ? need + need / 4 : need;
    if (it != buffers_.end()) {
      it->second = ByteBuffer();  // free before allocating the larger one (lower peak)
      it->second = ByteBuffer(tracker_, name, bytes);
      return reinterpret_cast<T*>(it->second.data());
    }
    auto res = buffers_.emplace(name, ByteBuffer(tracker_, name, bytes));
    return reinterpret_cast<T*>(res.first->second.data());
  }

  /** End of a step: the naive path frees everything it allocated. */
  void endStep() {
    if (!pooling_) clear();
  }

  void clear() { buffers_.clear(); }

 private:
  MemoryTracker& tracker_;
  bool pooling_ = true;
  std::unordered_map<std::string, ByteBuffer> buffers_;
};

using HostPool = BufferPool<HostBuffer<unsigned char>>;

}  // namespace forcelab
