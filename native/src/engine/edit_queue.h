// What JS asks for while a step may be running: parameters and switches (read at every step) and edits
// (pins, new positions, a reheat) that the stepping thread applies between steps, all in one batch, so a
// step never sees half an edit.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "backend.h"
#include "engine/graph_delta.h"
#include "memory_tracker.h"

namespace forcelab {

struct PinEdit {
  uint32_t node;
  bool pinned;
  bool hasPosition;
  float xyz[3];
};

/** A topology change and how many of the batch's pins were queued before it (they use the indices before). */
struct QueuedDelta {
  GraphDeltaEdit delta;
  size_t pinsBefore = 0;
  // Set once the engine applied it: a CUDA failure later in the same batch re-runs the batch on the CPU
  // (BackendHolder::withCpuFallbackLocked), which must not apply it twice.
  mutable bool applied = false;
};

/** Edits taken from the queue in one go. */
struct EditBatch {
  std::vector<PinEdit> pins;
  std::vector<QueuedDelta> deltas;  // in the order queued, interleaved with the pins by pinsBefore
  HostBuffer<float> positions;
  size_t positionsAfter = 0;  // how many of `deltas` were queued before the positions
  bool reheat = false;
};

class EditQueue {
 public:
  /** false when nothing changed; a change also queues a reheat (the layout should respond). */
  bool setParams(const LayoutParams& params);
  LayoutParams params() const;
  void setSwitches(const EngineSwitches& switches);
  EngineSwitches switches() const;
  /** Both under one lock: what one step runs with. */
  void current(LayoutParams* params, EngineSwitches* switches) const;

  void pin(const PinEdit& edit);
  void setPositions(HostBuffer<float> xyz);
  void reheat();
  void graphDelta(GraphDeltaEdit delta);
  EditBatch take();
  /** A new graph: edits of the old one are dropped. Returns the parameters to seed it with. */
  LayoutParams dropEdits();

 private:
  mutable std::mutex mutex_;
  LayoutParams params_;
  EngineSwitches switches_;
  std::vector<PinEdit> pins_;
  std::vector<QueuedDelta> deltas_;
  HostBuffer<float> positions_;
  size_t positionsAfter_ = 0;
  bool reheat_ = false;
};

}  // namespace forcelab
