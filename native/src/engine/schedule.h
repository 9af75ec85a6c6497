// The layout's schedule, owned by the stepping thread under the engine's state lock: the cooling
// temperature, the stability gate's state (stability_gate.h), and the early widening of the step limit
// after new positions (step_limit.h) with the layout extent it needs, measured every few steps.
#pragma once

#include <cstdint>

#include "backend.h"
#include "engine/stability_gate.h"
#include "memory_tracker.h"

namespace forcelab {

class LayoutSchedule {
 public:
  /** A new graph: hot again, gate warm-up from the start, extent buffer for n nodes. */
  void newGraph(MemoryTracker& tracker, uint32_t n);
  /** A reheat (parameters, an explicit reheat, positions). Only new positions may need untangling; a
   *  parameter change reheats an untangled layout, where long steps would only fling close nodes apart.
   *  Pins and drags do not reheat: they warm their neighbourhood (warmedLocally). */
  void reheat(bool newPositions);
  /** A graph delta: the node count changed (extent buffer resized) and the gate warms up again, but the
   *  temperature stays: only the touched nodes are warmed (Backend::applyGraphDelta). */
  void graphDelta(MemoryTracker& tracker, uint32_t n);
  /** Some nodes were warmed locally (a pin or a drag): the gate waits again, the temperature stays. */
  void warmedLocally() { gate_.sinceReheat = 0; }

  bool skips(const LayoutParams& params, const EngineSwitches& sw) const {
    return gateSkips(sw.stabilityGate, gate_, params.stabilityThreshold);
  }
  /** The maxVelocity to hand the backend this step (widened early after new positions). */
  float stepMaxVelocity(const LayoutParams& params, Backend& backend, uint32_t n);
  void afterStep(const LayoutParams& params, double kineticEnergy);
  /** Cooled down, or at rest by the gate's measure. */
  bool settled(const LayoutParams& params) const;
  float temperature() const { return temperature_; }
  void release() { extentPositions_.reset(); }

 private:
  float temperature_ = 1.0f;
  GateState gate_;
  // Positions read back into a buffer allocated with the graph (no per-step allocation), refreshed every few
  // steps while the widening matters.
  HostBuffer<float> extentPositions_;
  float extentRms_ = 0;
  uint32_t extentAge_ = 0;   // steps since extentRms_ was measured; >= kExtentRefreshSteps means stale
  bool widenSteps_ = false;  // since setGraph / setPositions (a new start), not after other reheats
};

}  // namespace forcelab
