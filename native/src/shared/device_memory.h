// The deviceMemory switch, written once for both backends: BufferPool hands out per-step scratch memory.
// With pooling on a named buffer is kept and reused across steps and graph resizes, growing with headroom,
// so a steady-state step allocates nothing; with pooling off every buffer is allocated on first use in a
// step and freed by endStep(), the naive path. cpu/device_memory.h and cuda/device_memory.cuh pick the
// buffer type.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "memory_tracker.h"

namespace forcelab {

/** The pool's growth rule, also used for buffers that grow with the graph (Backend::applyGraphDelta):
 *  a quarter of headroom, so a graph growing node by node stops reallocating quickly. */
inline size_t grownCapacity(size_t need) { return need + need / 4; }

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
    size_t bytes = pooling_ ? grownCapacity(need) : need;
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

}  // namespace forcelab
