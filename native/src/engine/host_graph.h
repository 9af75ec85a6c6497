// The engine's host copy of the graph set last: clustering reads it, pins index it, and the CPU fallback
// rebuilds a backend from it. Written by setGraph under the engine's state lock.
#pragma once

#include <cstdint>

#include "backend.h"
#include "memory_tracker.h"

namespace forcelab {

struct HostGraph {
  uint32_t nodeCount = 0;
  HostBuffer<uint32_t> offsets, targets;
  HostBuffer<float> weights;  // empty for all 1
  HostBuffer<uint8_t> pinned;

  GraphView view() const {
    return GraphView{nodeCount, offsets.data(), targets.data(), weights.size() ? weights.data() : nullptr};
  }
  void release() {
    offsets.reset();
    targets.reset();
    weights.reset();
    pinned.reset();
    nodeCount = 0;
  }
};

}  // namespace forcelab
