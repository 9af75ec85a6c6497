// Phase 1 of a step: bounding box, Morton codes (21 bits per axis, 2 or 3 axes) and the nodes sorted by
// code (LSD radix sort), so that the tree can be built from contiguous ranges.
#pragma once

#include <cstdint>

#include "cpu/device_memory.h"
#include "cpu/launch_sizing.h"
#include "cpu/thread_pool.h"

namespace forcelab {

struct MortonOrder {
  uint64_t* codes = nullptr;  // sorted codes, n entries
  uint32_t* order = nullptr;  // order[k] = node at sorted position k
};

/** Sorts the n nodes by Morton code; buffers come from `scratch`. */
MortonOrder sortByMorton(ThreadPool& pool, LaunchSizing& sizing, HostPool& scratch, const float* x, const float* y,
                         const float* z, uint32_t n, int dims);

}  // namespace forcelab
