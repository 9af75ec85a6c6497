#include "engine/schedule.h"

#include "engine/step_limit.h"

namespace forcelab {
namespace {
constexpr float kSettledTemperature = 0.01f;  // below this the cooling schedule has run its course
}

void LayoutSchedule::newGraph(MemoryTracker& tracker, uint32_t n) {
  extentPositions_ = HostBuffer<float>(tracker, "engine.extentPositions", size_t(3) * n);
  extentAge_ = kExtentRefreshSteps;
  widenSteps_ = true;  // a new start may be far from untangled
  temperature_ = 1.0f;
  gate_ = GateState{};
}

void LayoutSchedule::reheat(bool newPositions) {
  widenSteps_ = newPositions || (widenSteps_ && gate_.sinceReheat == 0);
  temperature_ = 1.0f;
  gate_.sinceReheat = 0;
  extentAge_ = kExtentRefreshSteps;
}

void LayoutSchedule::graphDelta(MemoryTracker& tracker, uint32_t n) {
  if (extentPositions_.size() < size_t(3) * n)
    extentPositions_ = HostBuffer<float>(tracker, "engine.extentPositions", size_t(3) * n);
  extentAge_ = kExtentRefreshSteps;
  gate_.sinceReheat = 0;
}

float LayoutSchedule::stepMaxVelocity(const LayoutParams& params, Backend& backend, uint32_t n) {
  float rms = 0.0f;
  if (n != 0 && widenSteps_ && extentWeight(temperature_) != 0.0f) {  // else not needed: no read-back
    if (extentAge_ >= kExtentRefreshSteps) {
      backend.readPositions(extentPositions_.data());
      extentRms_ = rmsRadius(extentPositions_.data(), n);
      extentAge_ = 0;
    }
    rms = extentRms_;
  }
  return widenedMaxVelocity(params.maxVelocity, temperature_, rms);
}

void LayoutSchedule::afterStep(const LayoutParams& params, double kineticEnergy) {
  ++extentAge_;
  temperature_ *= params.cooling;
  ++gate_.sinceReheat;
  gate_.lastKinetic = kineticEnergy;
  if (kineticEnergy > 0) gate_.moved = true;
}

bool LayoutSchedule::settled(const LayoutParams& params) const {
  return temperature_ < kSettledTemperature || atRest(gate_, params.stabilityThreshold);
}

}  // namespace forcelab
