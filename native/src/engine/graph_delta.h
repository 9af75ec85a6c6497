// Topology deltas (Engine::editGraph): validation, the host-side bookkeeping that turns a delta into the new
// host graph plus the swap-remove moves every per-node array follows, and the placement of new nodes.
// Semantics are protocol/graph-edits.ts's GraphDelta: removeEdges (pairs in the indices before), removeNodes
// (swap-remove one after another), addNodes (appended), addEdges (pairs in the final indices). Layout edges
// stay distinct undirected pairs without self-loops: removing an absent edge or adding a present one does
// nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend.h"
#include "engine/host_graph.h"
#include "memory_tracker.h"

namespace forcelab {

/** One queued delta, copied from JS. */
struct GraphDeltaEdit {
  HostBuffer<uint32_t> removeEdges, removeNodes, addEdges;
  HostBuffer<float> addPositions, addWeights;
  uint32_t addCount = 0;
};

/** Throws std::invalid_argument naming the field and index; returns the node count after the delta. */
uint32_t validateGraphDelta(uint32_t nodeCount, const uint32_t* removeEdges, size_t removeEdgesLength,
                            const uint32_t* removeNodes, size_t removeNodesLength, uint32_t addCount,
                            const float* addPositions, size_t addPositionsLength, const uint32_t* addEdges,
                            size_t addEdgesLength, const float* addWeights, size_t addWeightsLength);

/** What applying a delta to the host graph gives. */
struct AppliedGraphDelta {
  HostGraph graph;                 // the new host graph (pins moved along)
  uint32_t keptCount = 0;          // nodes left after the removals
  std::vector<uint32_t> source;    // per new slot: its old slot, or kNewNode
  std::vector<uint32_t> moveTo, moveFrom;  // slots whose node changed index (moveFrom >= keptCount)
  std::vector<uint32_t> warmNodes;         // distinct, with warmHeat
  std::vector<float> warmHeat;
};
constexpr uint32_t kNewNode = 0xffffffffu;
constexpr float kNewNodeHeat = 1.0f;        // a new node starts as hot as a new layout
constexpr float kNeighbourHeat = 0.5f;      // its neighbours (and the ends of changed edges) half that

void applyGraphDeltaToHost(MemoryTracker& tracker, const HostGraph& old, const GraphDeltaEdit& delta,
                           AppliedGraphDelta* out);

/** Fills the positions of the new nodes [keptCount, n) of xyz (3 per node; the kept ones already there) from
 *  delta.addPositions, NaN ones placed at the mean of their placed neighbours plus a deterministic jitter
 *  scaled to the local edge length, or (no placed neighbour) near the centroid at the seeding spacing. */
void placeNewNodes(const AppliedGraphDelta& applied, const GraphDeltaEdit& delta, const LayoutParams& params,
                   uint64_t seed, float* xyz);

}  // namespace forcelab
