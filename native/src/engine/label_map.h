// Cluster label -> compact index 0..k-1, ordered by cluster size (largest first, ties by label), the
// mapping the labelCache switch caches by label version.
#pragma once

#include <cstdint>

#include "memory_tracker.h"

namespace forcelab {

/** raw: n labels, each < n. Writes compact labels into `compact` and returns the number of clusters. */
uint32_t compactLabels(MemoryTracker& tracker, const uint32_t* raw, uint32_t n, uint32_t* compact);

}  // namespace forcelab
