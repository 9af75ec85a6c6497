// Applying a batch of queued edits (edit_queue.h) to the backend and the host graph, between steps: new
// positions, pins and topology deltas (graph_delta.h) in the order JS queued them, then a global reheat or,
// for pins alone, local heat around them. Apart from engine.cc so the engine stays a coordinator: it takes
// the batch and runs this under its state lock, inside the CPU fallback (a CUDA failure re-runs the whole
// batch on the CPU, where a delta already applied is skipped).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "engine/backend_holder.h"
#include "engine/cluster_worker.h"
#include "engine/edit_queue.h"
#include "engine/figures.h"
#include "engine/graph_delta.h"
#include "engine/host_graph.h"
#include "engine/label_cache.h"
#include "engine/schedule.h"
#include "memory_tracker.h"

namespace forcelab {

class EditApplier {
 public:
  /** The engine's parts an edit changes (the engine owns them all; they outlive the applier). */
  struct Parts {
    MemoryTracker& tracker;
    BackendHolder& backend;
    const EditQueue& edits;  // the parameters new nodes are placed with
    uint64_t seed;
    HostGraph& graph;
    std::atomic<uint32_t>& nodeCount;
    std::mutex& topologyMutex;  // held while a delta changes the node count (Engine::readPositions)
    LayoutSchedule& schedule;
    LabelCache& labels;
    ClusterWorker& clusterWorker;
    EngineFigures& figures;
  };

  explicit EditApplier(const Parts& parts) : p_(parts) {}

  /** To the current backend; the caller holds the engine's state lock. */
  void apply(const EditBatch& edits);

 private:
  void applyPins(const std::vector<PinEdit>& pins, size_t begin, size_t end);
  void applyGraphDelta(const GraphDeltaEdit& delta);
  void warmAroundPins(const std::vector<PinEdit>& pins);  // local heat instead of a global reheat

  Parts p_;
};

}  // namespace forcelab
