// launchSizing on the CPU: chunk sizes from the core count and N (a few chunks per thread, never so small
// that waking workers costs more than the work) versus one fixed chunk size for every phase (the naive path).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace forcelab {

constexpr size_t kFixedChunk = 256;

struct LaunchSizing {
  bool adaptive = true;
  unsigned threads = 1;
  uint32_t chunks = 0;  // chunks dispatched in this step (the launchSizing figure)

  /** `grain` is the least work worth handing to another thread, in items of this phase. */
  size_t chunk(size_t count, size_t grain) const {
    if (!adaptive) return kFixedChunk;
    size_t perThread = (count + threads * 4 - 1) / (threads * 4);
    return std::max<size_t>({grain, perThread, 1});
  }
};

}  // namespace forcelab
