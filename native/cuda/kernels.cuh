// Host-side launchers of the layout kernels, one per phase, in step order. Each takes a
// LaunchContext (stream + the launch sizing switch) and only enqueues work: nothing here waits.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "barnes_hut.cuh"
#include "device_memory.cuh"
#include "integrate.cuh"
#include "kernel_launch.cuh"
#include "launch_sizing.cuh"
#include "shared/morton.cuh"

namespace forcelab {

struct LaunchContext {
  cudaStream_t stream = nullptr;
  bool occupancySizing = true;  // the launchSizing switch
  std::uint32_t blocksLaunched = 0;  // the step's "chunks" figure
};

/** Occupancy answer for one kernel, asked once per process (the query costs tens of microseconds). */
template <typename Kernel>
OccupancySizing cachedOccupancy(Kernel kernel, const char* name) {
  static std::mutex mutex;
  static std::unordered_map<const void*, OccupancySizing> cache;
  const void* key = reinterpret_cast<const void*>(kernel);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const OccupancySizing s = queryOccupancy(kernel, name);
  cache.emplace(key, s);
  return s;
}

/** Picks the shape for one launch of `kernel` and counts its blocks. */
template <typename Kernel>
LaunchShape launchShape(LaunchContext& ctx, Kernel kernel, const char* name, std::int64_t work) {
  LaunchShape shape = fixedLaunchShape(work);
  if (ctx.occupancySizing) shape = occupancyLaunchShape(cachedOccupancy(kernel, name), work);
  ctx.blocksLaunched += static_cast<std::uint32_t>(shape.blocks);
  return shape;
}

// tree_kernels.cu -------------------------------------------------------------------------------
/** Most partial blocks the bounds reduction uses (its scratch holds 6 floats per block). */
constexpr int kBoundsMaxBlocks = 1024;
/** Bounding box of every position, as the Morton grid (two passes: per-block partials, then one block). */
void launchMortonFrame(LaunchContext& ctx, const float* pos, std::int32_t n, int dims, float* partials,
                       MortonFrame* frame);
/** Morton key of every node, and ids = 0..n-1 (the sort's payload). */
void launchMortonKeys(LaunchContext& ctx, const float* pos, std::int32_t n, int dims, const MortonFrame* frame,
                      std::uint64_t* keys, std::uint32_t* ids);
/** The CPU backend's coincident-node nudge (coincident.cuh), in place on pos: anchors, a max-scan, the
 *  nudges, then their application; `moved` is n-entry scratch, the rest comes from the pool. */
void launchSeparateCoincident(LaunchContext& ctx, DevicePool& pool, std::int32_t n, int dims,
                              const std::uint64_t* sortedKeys, const std::uint32_t* sortedIds, float* pos,
                              const std::uint8_t* pinned, float nudge, float4* moved);
/** Internal nodes of the radix tree over sorted keys (parent[root] = -1), then the octree flags of
 *  every node. */
void launchBuildTree(LaunchContext& ctx, const std::uint64_t* sortedKeys, std::int32_t n, int dims,
                     TreeChildren* children, std::int32_t* parent, std::uint8_t* prefix, TreeRange* range,
                     std::uint8_t* flags);
/** Bottom-up summaries (mass/centre of every node, tight boxes of internal nodes, opening radii), then
 *  the groups: groupOf per sorted position, groupBox per group head. `visits` (n-1) is cleared here. */
void launchSummarise(LaunchContext& ctx, const float* pos, const std::uint32_t* sortedIds, std::int32_t n,
                     const TreeChildren* children, const std::int32_t* parent, std::uint32_t* visits,
                     const TreeRange* range, const std::uint8_t* flags, MassPoint* mass, Box* boxes, float* rcrit2,
                     float theta, std::int32_t* groupOf, Box* groupBox);

// force_kernels.cu ------------------------------------------------------------------------------
/** Repulsion on the nodes at sorted positions [begin, end) into forces[] and potential[] (overwrites
 *  theirs). The engine launches the whole range at once, or tile by tile when a step must stay
 *  interruptible (cuda_backend.cu, repulsionTile). */
void launchRepulsion(LaunchContext& ctx, const TreeView& tree, const std::uint32_t* sortedIds,
                     const std::int32_t* groupOf, const Box* groupBox, float strength, float eps2, Force* forces,
                     float* potential, std::int32_t begin, std::int32_t end);
/** Springs and gravity added to forces[] and potential[]; each row's weight sum into weightSum[].
 *  In 2D the z force is 0. */
void launchSpringsAndGravity(LaunchContext& ctx, std::int32_t n, int dims, const float* pos, const std::uint32_t* offsets,
                             const std::uint32_t* targets, const float* weights, float strength, float restLength,
                             float gravity, Force* forces, float* weightSum, float* potential);
/** Integration from posIn to posOut; |v|^2 per node into kinetic[]. pinned may be null (none). heat: null,
 *  or per-node heat that widens a node's step limit and decays in place (shared/node_heat.cuh). */
void launchIntegrate(LaunchContext& ctx, std::int32_t n, const Force* forces, const float* weightSum,
                     const float* posIn, float* posOut, float* vel, const std::uint8_t* pinned,
                     const IntegrateParams& params, float* kinetic, float* heat = nullptr);

// delta_kernels.cu ------------------------------------------------------------------------------
/** The swap-remove moves of a graph delta, in place: slot to[k] takes position, velocity and heat of slot
 *  from[k] (the sources are all above the destinations, so the order does not matter). */
void launchMoveNodes(LaunchContext& ctx, std::int32_t count, const std::uint32_t* to, const std::uint32_t* from,
                     float* pos, float* vel, float* heat);
/** heat[nodes[k]] = max(heat[nodes[k]], values[k]) (the nodes are distinct). */
void launchWarmNodes(LaunchContext& ctx, std::int32_t count, const std::uint32_t* nodes, const float* values,
                     float* heat);

// cub_ops.cu ------------------------------------------------------------------------------------
/** Stable radix sort of (key, id) pairs on bits [0, endBit); scratch from the pool. */
void sortByKey(LaunchContext& ctx, DevicePool& pool, const std::uint64_t* keysIn, std::uint64_t* keysOut,
               const std::uint32_t* idsIn, std::uint32_t* idsOut, std::int32_t n, int endBit);
/** out[k] = max of in[0..k] (inclusive scan); scratch from the pool. */
void maxScan(LaunchContext& ctx, DevicePool& pool, const std::int32_t* in, std::int32_t* out, std::int32_t n);
/** out[0] = sum of in[0..n); scratch from the pool (`name` keeps separate sums' scratch apart). */
void sumFloats(LaunchContext& ctx, DevicePool& pool, const char* name, const float* in, std::int32_t n, float* out);

// label_kernels.cu ------------------------------------------------------------------------------
/** One label propagation round (half the nodes update, see shared/label_propagation.cuh); *changed counts
 *  nodes whose label changed. */
void launchLabelRound(LaunchContext& ctx, std::int32_t n, const std::uint32_t* labelsIn, std::uint32_t* labelsOut,
                      const std::uint32_t* offsets, const std::uint32_t* targets, const float* weights,
                      std::uint32_t round, std::uint32_t* changed);

}  // namespace forcelab
