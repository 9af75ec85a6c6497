// The stabilityGate switch: once the layout has warmed up after its newest (re)heat and has moved, a step
// whose previous kinetic energy per node is under the threshold is skipped; nothing would visibly move.
// A reheat (a change) resets the warm-up, so the gate never holds a layout that was just disturbed.
#pragma once

#include <cstdint>

namespace forcelab {

constexpr uint32_t kWarmupSteps = 50;  // the gate never skips these after a (re)heat

struct GateState {
  uint32_t sinceReheat = 0;  // steps taken since the newest (re)heat
  bool moved = false;        // some step since the graph was set moved a node
  double lastKinetic = 0;    // kinetic energy per node after the newest step
};

/** Whether the layout is at rest by the gate's measure (also what `settled` reports). */
inline bool atRest(const GateState& s, float threshold) {
  return s.sinceReheat >= kWarmupSteps && s.moved && s.lastKinetic < threshold;
}

/** Whether the gate skips the next step. */
inline bool gateSkips(bool gateOn, const GateState& s, float threshold) { return gateOn && atRest(s, threshold); }

}  // namespace forcelab
