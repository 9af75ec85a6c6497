#include "engine/figures.h"

namespace forcelab {

void EngineFigures::recordStep(const StepMeasure& m) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++iterations_;
  msPerStep_ = iterations_ == 1 ? m.stepMs : 0.9 * msPerStep_ + 0.1 * m.stepMs;
  energy_ = m.layoutEnergy;
  temperature_ = m.temperature;
  settled_ = m.settled;
  at(Figure::stepMs) = m.stepMs;
  at(Figure::frameMs) = m.frameMs;
  at(Figure::copyMs) = m.copyMs;
  at(Figure::allocationsPerStep) = m.allocations;
  at(Figure::chunks) = m.chunks;
  at(Figure::kineticEnergy) = m.kineticEnergy;
  at(Figure::phaseTreeMs) = m.treeMs;
  at(Figure::phaseRepulsionMs) = m.repulsionMs;
  at(Figure::phaseIntegrateMs) = m.integrateMs;
}

void EngineFigures::recordSkip() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++at(Figure::gateSkipped);
  settled_ = true;
}

void EngineFigures::recordLabelMap(bool hit, double ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (hit) {
    ++at(Figure::labelCacheHits);
  } else {
    ++at(Figure::labelCacheMisses);
    at(Figure::labelMapMs) = ms;
  }
}

void EngineFigures::recordJsBlocked(double ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  at(Figure::jsBlockedMs) = ms;
}

void EngineFigures::recordGraphDelta(double bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  at(Figure::graphDeltaBytes) = bytes;
  ++at(Figure::graphDeltas);
  settled_ = false;
}

void EngineFigures::restart(bool newGraph) {
  std::lock_guard<std::mutex> lock(mutex_);
  temperature_ = 1.0f;
  settled_ = false;
  if (newGraph) {
    energy_ = 0;
    at(Figure::graphDeltas) = 0;
    at(Figure::graphDeltaBytes) = 0;
  }
}

double EngineFigures::energy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return energy_;
}

EngineStatsView EngineFigures::view() const {
  std::lock_guard<std::mutex> lock(mutex_);
  EngineStatsView v;
  v.iterations = iterations_;
  v.msPerStep = msPerStep_;
  v.energy = energy_;
  v.temperature = temperature_;
  v.settled = settled_;
  for (size_t i = 0; i < kFigureCount; ++i) v.figures[kFigureDecls[i].key] = values_[i];
  return v;
}

}  // namespace forcelab
