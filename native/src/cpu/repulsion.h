// Phase 3: Barnes-Hut repulsion. Each leaf of the tree is a group: one traversal per group collects an
// interaction list (accepted cells as point masses, bodies of opened leaves), then every body of the
// group is summed against the list in SIMD-friendly blocks of 8.
#pragma once

#include <atomic>
#include <cstdint>

#include "cpu/device_memory.h"
#include "cpu/launch_sizing.h"
#include "cpu/octree.h"
#include "cpu/thread_pool.h"

namespace forcelab {

struct SortedBodies {
  const float *x, *y, *z;  // positions in Morton order
  const uint32_t* order;   // order[k] = original node index
  uint32_t n;
};

/** listCapacity: interaction list length kept between steps (grows when a list overflows).
 *  Writes repulsion * sum m (p_i - p_j) / (r^2 + eps2)^1.5 into forces (xyz per original index) and returns
 *  the repulsion potential sum_{i<j} repulsion / sqrt(r^2 + eps2). `interrupt` is polled before every batch
 *  of groups (one batch of an exact pass over dblp-2010 is milliseconds): once it is set, the pass stops,
 *  *interrupted becomes true and forces are left incomplete. */
double computeRepulsion(ThreadPool& pool, LaunchSizing& sizing, HostPool& scratch, const Octree& tree,
                        const SortedBodies& bodies, float repulsion, float eps2, float* forces,
                        uint32_t& listCapacity, const std::atomic<bool>& interrupt, bool* interrupted);

}  // namespace forcelab
